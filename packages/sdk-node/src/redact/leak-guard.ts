import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { format } from 'node:util';
import { clientContainsSecret } from '../client.js';
import type { SecretClient } from '../types.js';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Opt-in: routes `console.log/info/warn/error/debug/trace` through `client.mask`, so a loaded
 * value (or its base64 / hex / URL form) printed by accident comes out as `[REDACTED]`.
 * Arguments are formatted with `util.format` first, so objects are masked too. Returns an
 * uninstall function that restores the original methods.
 */
export function installLeakGuard(client: SecretClient<object>): () => void {
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of originals) {
    console[method] = (...args: unknown[]) => original.call(console, client.mask(format(...args)));
  }
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}

/** Thrown by `guardResponse` when a body holds a loaded value. Carries no part of the body. */
export class SecretLeakError extends Error {
  override readonly name = 'SecretLeakError';
  constructor() {
    super('response body contains a loaded secret value; refused');
  }
}

/**
 * Throws SecretLeakError when `body` holds a loaded value in any form the masker knows; returns
 * the body otherwise. One regex scan: a body without secrets costs one pass over its text.
 */
export function guardResponse<B extends string | Uint8Array>(client: SecretClient<object>, body: B): B {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  if (clientContainsSecret(client, text)) throw new SecretLeakError();
  return body;
}

/**
 * Refuses, on one `node:http` server, any response whose body holds a loaded value: the client
 * gets a bare 500 instead. Bodies passed to `write`/`end` are buffered until `end` so a value split
 * across chunks is still seen; responses that stream large bodies pay that buffering.
 * Returns a function that stops guarding new requests.
 */
export function guardHttpServer(server: Server, client: SecretClient<object>): () => void {
  const onRequest = (_req: IncomingMessage, res: ServerResponse): void => wrapResponse(res, client);
  server.prependListener('request', onRequest);
  return () => server.removeListener('request', onRequest);
}

function wrapResponse(res: ServerResponse, client: SecretClient<object>): void {
  const chunks: Buffer[] = [];
  const originalWrite = res.write.bind(res);
  const originalEnd = res.end.bind(res);
  const collect = (chunk: unknown, encoding: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, enc) : Buffer.from(chunk as Uint8Array));
  };
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    collect(chunk, encoding);
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(() => (cb as () => void)());
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    collect(chunk, encoding);
    const body = Buffer.concat(chunks);
    const cb = [chunk, encoding, callback].find((a) => typeof a === 'function') as (() => void) | undefined;
    if (clientContainsSecret(client, body.toString('utf8'))) {
      if (!res.headersSent) {
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain');
        return originalEnd('Internal Server Error', cb);
      }
      res.destroy();
      return res;
    }
    if (body.length > 0) {
      if (!res.headersSent && res.getHeader('content-length') === undefined)
        res.setHeader('content-length', body.length);
      originalWrite(body);
    }
    return originalEnd(cb);
  }) as ServerResponse['end'];
}
