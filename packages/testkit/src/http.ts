import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import type { FakeClock } from './clock.js';
import { type FaultEngine, type FaultKind, TRANSPORT_FAULTS } from './faults.js';
import { ListMethodSocket } from './list-method.js';
import type { MutableRequestLog } from './request-log.js';
import { breakExchange } from './transport-faults.js';

/** A request as the fakes' routers see it: the body is already read. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** A JSON answer (or an empty one) plus what the request log should record. */
export interface FakeResponse {
  readonly status: number;
  /** Serialised as JSON; `undefined` sends no body (204-style). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly error?: string;
}

/** What the router says about a request before it is served (so faults can match it). */
export interface Classified {
  readonly op: string;
  readonly principal: string | undefined;
}

export interface FakeHttpServerOptions {
  readonly host?: string;
  readonly port?: number;
  readonly clock: FakeClock;
  readonly faults: FaultEngine;
  readonly log: MutableRequestLog;
  readonly contentType: string;
  classify(req: FakeRequest): Classified;
  handle(req: FakeRequest, classified: Classified): FakeResponse | Promise<FakeResponse>;
  /** The store's own answer for a non-transport fault kind. */
  renderFault(kind: FaultKind): FakeResponse;
}

/** A running fake: where it listens and how to stop it without leaving handles. */
export interface FakeHttpServer {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts an HTTP server on loopback that reads the whole body, asks the fault engine what to do,
 * and then either breaks the connection on purpose or sends the router's JSON answer. Every
 * request is logged without its body. `close()` destroys open sockets and cancels pending delays.
 */
export async function startFakeHttpServer(options: FakeHttpServerOptions): Promise<FakeHttpServer> {
  const sockets = new Set<Socket>();
  const delays = new Set<NodeJS.Timeout>();
  let closed = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });

  const serve = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestTarget(raw.url);
    const body = await readBody(raw);
    const req: FakeRequest = {
      method: raw.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: raw.headers,
      body,
    };
    const at = options.clock.now();
    const classified = options.classify(req);
    const decision = options.faults.decide({ op: classified.op, method: req.method, path: req.path });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (closed) return;
    const record = (status: number, error: string | undefined): void =>
      options.log.add({
        at,
        method: req.method,
        path: req.path,
        op: classified.op,
        status,
        principal: classified.principal,
        fault: decision.kind,
        error,
      });

    const kind = decision.kind;
    if (kind !== undefined && TRANSPORT_FAULTS.has(kind)) {
      record(breakExchange(kind, raw, res, options.contentType), kind);
      return;
    }

    let answer: FakeResponse;
    try {
      answer = kind !== undefined ? options.renderFault(kind) : await options.handle(req, classified);
    } catch {
      // A fake bug must look like the store's own 500 to the client, never leak a stack or a value.
      answer = { ...options.renderFault('500'), error: 'internal' };
    }
    record(answer.status, answer.error);
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': options.contentType,
      'content-length': String(Buffer.byteLength(text)),
      ...answer.headers,
    });
    res.end(text);
  };

  const http = createServer((raw, res) => {
    serve(raw, res).catch(() => raw.socket.destroy());
  });
  // The TCP server hands each connection to the HTTP server through a LIST-rewriting stream.
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    http.emit('connection', new ListMethodSocket(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    endpoint: `http://${address.address}:${address.port}`,
    port: address.port,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      http.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}

/**
 * The request target as a URL. An origin-form target is appended to the base rather than
 * resolved against it, so `//x` stays a path (resolving would read it as an authority and
 * throw); anything unparseable becomes a path no route matches, which answers 404.
 */
function requestTarget(target: string | undefined): URL {
  const raw = target ?? '/';
  try {
    return raw.startsWith('/') ? new URL(`http://fake${raw}`) : new URL(raw, 'http://fake');
  } catch {
    return new URL('http://fake/__unparseable_request_target__');
  }
}
