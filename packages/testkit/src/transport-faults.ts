import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultKind } from './faults.js';

/**
 * Breaks one exchange on purpose and returns the status to log (0 when nothing complete was sent):
 * `reset` destroys the socket, `hang` sends nothing, `malformed` sends a 200 that is not JSON, and
 * `truncated` promises more bytes than it sends before dropping the connection.
 */
export function breakExchange(
  kind: FaultKind,
  raw: IncomingMessage,
  res: ServerResponse,
  contentType: string,
): number {
  switch (kind) {
    case 'reset':
      raw.socket.destroy();
      return 0;
    case 'malformed':
      res.writeHead(200, { 'content-type': contentType });
      res.end('{"this is": not json');
      return 200;
    case 'truncated':
      res.writeHead(200, { 'content-type': contentType, 'content-length': '64' });
      res.write('{"truncated":"');
      // Let the partial body reach the client before the connection drops.
      setImmediate(() => raw.socket.destroy());
      return 0;
    default:
      // hang: the request stays open until the client gives up or the fake closes.
      return 0;
  }
}
