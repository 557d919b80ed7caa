import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** `LIST /v1/x?a=b HTTP/1.1` at the start of a request becomes `GET /v1/x?a=b&list=true HTTP/1.1`. */
const LIST_LINE = /(^|\r\n)LIST ([^ ?\r\n]+)(\?[^ \r\n]*)? HTTP\//g;

export function rewriteListMethod(chunk: Buffer): Buffer {
  const text = chunk.toString('latin1');
  if (!text.includes('LIST ')) return chunk;
  return Buffer.from(
    text.replace(
      LIST_LINE,
      (_m, lead: string, path: string, query: string | undefined) =>
        `${lead}GET ${path}${query ? `${query}&` : '?'}list=true HTTP/`,
    ),
    'latin1',
  );
}

/**
 * Node's HTTP parser rejects methods it does not know, and Vault's `LIST` is one of them. This
 * stream sits between the TCP socket and the HTTP server and turns a LIST request line into the
 * equivalent `GET ?list=true` that Vault also accepts; every other byte passes through untouched.
 */
export class ListMethodSocket extends Duplex {
  constructor(readonly socket: Socket) {
    super({ allowHalfOpen: false });
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(rewriteListMethod(chunk))) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.on('error', (error) => this.destroy(error));
  }
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }
  get localPort(): number | undefined {
    return this.socket.localPort;
  }
  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms, callback);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }
  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }
  override _read(): void {
    this.socket.resume();
  }
  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback);
  }
  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
