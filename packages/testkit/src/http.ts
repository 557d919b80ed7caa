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
  /** A body sent as is instead of `body` (STS answers in XML); set its content-type in `headers`. */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly error?: string;
}

/** What the router says about a request before it is served (so faults can match it). */
export interface Classified {
  readonly op: string;
  readonly principal: string | undefined;
  /** The secrets the request names (AWS SecretId/SecretIdList, Vault KV path), for faults and the log. */
  readonly secretIds?: readonly string[];
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
  /** The store's own answer for a body over the size limit (HTTP 413). */
  renderTooLarge(): FakeResponse;
  /** Socket limits; defaults suit tests and keep hostile clients from holding sockets. */
  readonly limits?: Partial<HttpLimits>;
}

/** How long and how much a client may send before the fake gives up on it. */
export interface HttpLimits {
  /** Largest request body; a bigger one is answered with 413. Default 1 MiB. */
  readonly maxBodyBytes: number;
  /** Time from connection (or the previous answer) to a complete request head. Default 10 s. */
  readonly headersTimeoutMs: number;
  /** Longest pause between two chunks of a request body. Default 10 s. */
  readonly bodyIdleTimeoutMs: number;
}

const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  bodyIdleTimeoutMs: 10_000,
};

/** A running fake: where it listens and how to stop it without leaving handles. */
export interface FakeHttpServer {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

type BodyOutcome =
  | { readonly kind: 'ok'; readonly body: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'stalled' };

/**
 * Reads the whole body, or stops at the size limit (the rest is drained and dropped so the
 * client can read the 413) or when the client pauses longer than the idle limit.
 */
function readBody(req: IncomingMessage, limits: HttpLimits): Promise<BodyOutcome> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let idle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        req.off('data', onData);
        resolve({ kind: 'stalled' });
      }, limits.bodyIdleTimeoutMs);
    };
    const onData = (chunk: Buffer): void => {
      arm();
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        if (!tooLarge) {
          tooLarge = true;
          chunks.length = 0;
          resolve({ kind: 'too-large' });
        }
      } else chunks.push(chunk);
    };
    arm();
    req.on('data', onData);
    req.on('end', () => {
      clearTimeout(idle);
      if (!tooLarge) resolve({ kind: 'ok', body: Buffer.concat(chunks) });
    });
    req.on('close', () => clearTimeout(idle));
    req.on('error', (error) => {
      clearTimeout(idle);
      reject(error);
    });
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

  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...options.limits };
  /** Per connection: the timer that closes it if a complete request head does not arrive in time. */
  const headTimers = new Map<ListMethodSocket, NodeJS.Timeout>();
  const awaitHead = (conn: ListMethodSocket): void => {
    clearTimeout(headTimers.get(conn));
    headTimers.set(
      conn,
      setTimeout(() => conn.destroy(), limits.headersTimeoutMs),
    );
  };
  const headArrived = (conn: unknown): void => {
    if (!(conn instanceof ListMethodSocket)) return;
    clearTimeout(headTimers.get(conn));
    headTimers.delete(conn);
  };

  const send = (res: ServerResponse, answer: FakeResponse, extra: Record<string, string> = {}): void => {
    const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    res.writeHead(answer.status, {
      'content-type': options.contentType,
      'content-length': String(Buffer.byteLength(text)),
      ...answer.headers,
      ...extra,
    });
    res.end(text);
  };

  const serve = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    headArrived(raw.socket);
    res.once('finish', () => {
      if (raw.socket instanceof ListMethodSocket && !raw.socket.destroyed) awaitHead(raw.socket);
    });
    const url = requestTarget(raw.url);
    const at = options.clock.now();
    const outcome = await readBody(raw, limits);
    const head: FakeRequest = {
      method: raw.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: raw.headers,
      body: outcome.kind === 'ok' ? outcome.body : Buffer.alloc(0),
    };
    const bare = (status: number, error: string): void => {
      const { op, principal } = options.classify(head);
      options.log.add({
        at,
        method: head.method,
        path: head.path,
        op,
        status,
        principal,
        fault: undefined,
        error,
        secretIds: [],
      });
    };
    if (outcome.kind === 'stalled') {
      // The client stopped sending its body: answer as Node's requestTimeout would, and hang up.
      bare(408, 'body stalled');
      send(res, { status: 408, body: { message: 'Request Timeout' } }, { connection: 'close' });
      res.once('finish', () => raw.socket.destroy());
      return;
    }
    if (outcome.kind === 'too-large') {
      bare(413, 'body too large');
      send(res, options.renderTooLarge(), { connection: 'close' });
      return;
    }
    const req = head;
    const classified = options.classify(req);
    const secretIds = classified.secretIds ?? [];
    const decision = options.faults.decide({
      op: classified.op,
      method: req.method,
      path: req.path,
      secretIds,
    });
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
        secretIds,
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
    send(res, answer);
  };

  const http = createServer((raw, res) => {
    serve(raw, res).catch(() => raw.socket.destroy());
  });
  // The TCP server hands each connection to the HTTP server through a LIST-rewriting stream.
  // Node's own headersTimeout/requestTimeout do not reach connections handed over this way, so
  // the head deadline is enforced here and the body deadline in readBody.
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    const conn = new ListMethodSocket(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      headArrived(conn);
    });
    awaitHead(conn);
    http.emit('connection', conn);
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
      for (const timer of headTimers.values()) clearTimeout(timer);
      headTimers.clear();
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
