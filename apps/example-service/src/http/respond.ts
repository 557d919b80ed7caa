import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 64 * 1024;

/** A request the router understood, with its body read once. */
export interface Request {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** The body's bytes as they arrived: what a signature covers. */
  readonly rawBody: Buffer;
  /** The client's address (the socket peer), for throttling. */
  readonly remoteAddress: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (`Retry-After` on a 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export async function readRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const rawBody = Buffer.concat(chunks);
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    headers: req.headers,
    body: rawBody.toString('utf8'),
    rawBody,
    remoteAddress: req.socket.remoteAddress ?? 'unknown',
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the 400 below
  }
  throw new HttpError(400, 'body must be a JSON object');
}

export function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '')
    throw new HttpError(400, `"${name}" must be a non-empty string`);
  return value;
}
