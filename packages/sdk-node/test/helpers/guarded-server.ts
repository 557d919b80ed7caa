import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecretClient } from '../../src/client.js';
import { guardHttpServer } from '../../src/redact/http-guard.js';
import type { SecretClient } from '../../src/types.js';
import { recordingLogger } from './canary.js';
import { CANARY, shopDescriptor } from './descriptor.js';
import { ScriptedProvider } from './scripted-provider.js';

export type GuardedHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Servers and clients the tests opened; `closeGuarded()` (in `afterEach`) closes them. */
export const openGuarded: { server: Server; client: SecretClient<object> }[] = [];

/** Closes every server and client a test opened. */
export async function closeGuarded(): Promise<void> {
  for (const { server, client } of openGuarded.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await client.close();
  }
}

/** Options of {@link guarded}. */
export interface GuardedOptions {
  /** The sockets' and responses' high-water mark (Node's `http.createServer` option). */
  readonly highWaterMark?: number;
  /** The api-token value (default: the canary). */
  readonly token?: string;
}

/** A guarded server whose responses `handler` writes, over a client that loaded the canaries. */
export async function guarded(handler: GuardedHandler, options: GuardedOptions = {}) {
  const { lines, logger } = recordingLogger();
  const store = new ScriptedProvider()
    .set('database', 'v1', JSON.stringify({ url: CANARY.url, password: CANARY.password }))
    .set('jwt-signing-key', 'j1', CANARY.jwt)
    .set('api-token', 't1', options.token ?? CANARY.token);
  const client = createSecretClient(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    metrics: false,
    logger,
  });
  await client.preload();
  const server = createServer(
    options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark },
    (req, res) => void handler(req, res),
  );
  guardHttpServer(server, client);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  openGuarded.push({ server, client });
  const { port } = server.address() as AddressInfo;
  return { port, lines };
}

export interface Answer {
  status: number;
  statusMessage: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The connection was cut before the body ended. */
  cut: boolean;
}

/** GETs `path`; `onData` sees each chunk as it arrives (to pace a streaming handler). */
export function fetchRaw(
  port: number,
  onData?: (chunk: Buffer, res: IncomingMessage) => void,
): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let answer: Omit<Answer, 'body' | 'cut'> = { status: -1, statusMessage: '', headers: {} };
    const done = (cut: boolean) => resolve({ ...answer, body: Buffer.concat(chunks), cut });
    const req = get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      answer = { status: res.statusCode ?? -1, statusMessage: res.statusMessage ?? '', headers: res.headers };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        onData?.(chunk, res);
      });
      res.on('end', () => done(!res.complete));
      res.on('error', () => done(true));
    });
    req.on('error', () => done(true));
  });
}

/** A promise and the function that resolves it. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Resolves in the check phase after the current one: after every `setImmediate` callback queued
 * before it, which includes the guard's flush of what the handler wrote in this turn.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
