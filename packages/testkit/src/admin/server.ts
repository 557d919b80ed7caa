import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeSecretsManager } from '../aws/server.js';
import type { FakeClock } from '../clock.js';
import type { FaultHandle, FaultRule } from '../faults.js';
import type { RequestLogEntry } from '../request-log.js';
import type { FakeVault } from '../vault/server.js';
import { AdminInputError, type AdminTarget, parseFaultRequest } from './fault-request.js';

/** What the admin API controls. */
export interface AdminServerOptions {
  readonly aws: FakeSecretsManager;
  readonly vault: FakeVault;
  /** The clock both fakes share. */
  readonly clock: FakeClock;
  /** True when `clock` is a fake clock that `POST /clock` may move (else 409). */
  readonly movableClock: boolean;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Loopback only: `127.0.0.1` (default), `::1` or `localhost`. */
  readonly host?: string;
  /** The bearer token every request must carry (default: 32 random bytes, hex). */
  readonly token?: string;
}

/** A running admin API. */
export interface AdminServer {
  readonly endpoint: string;
  readonly token: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY = 64 * 1024;

interface LiveFault {
  readonly id: string;
  readonly targets: readonly AdminTarget[];
  readonly rule: FaultRule;
  readonly handles: readonly FaultHandle[];
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return reject(new HttpProblem(413, 'body over 64 KiB'));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpProblem(400, 'the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

const describeRule = (rule: FaultRule): Record<string, unknown> => ({
  error: rule.error ?? null,
  op: rule.op === undefined ? null : String(rule.op),
  secretId: rule.secretId === undefined ? null : String(rule.secretId),
  path: rule.path === undefined ? null : String(rule.path),
  latencyMs: rule.latencyMs ?? 0,
});

/**
 * Starts the admin API of `locksmith-fake` on loopback: inject and clear faults on either fake,
 * read and clear their request logs, move the fake clock. Every request needs
 * `Authorization: Bearer <token>` (401 otherwise); bodies are JSON. See contract/README.md.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the admin API listens on loopback only, not on "${host}"`);
  const token = options.token ?? randomBytes(32).toString('hex');
  const expected = digest(`Bearer ${token}`);
  const faults = new Map<string, LiveFault>();
  const fakes = { aws: options.aws, vault: options.vault };

  const authorised = (req: IncomingMessage): boolean =>
    timingSafeEqual(digest(req.headers.authorization ?? ''), expected);

  const addFault = (body: unknown): { id: string } => {
    const { targets, rule } = parseFaultRequest(body);
    let handles: FaultHandle[];
    try {
      handles = targets.map((t) => fakes[t].faults.inject(rule));
    } catch (error) {
      throw new AdminInputError((error as Error).message);
    }
    const id = randomUUID();
    faults.set(id, { id, targets, rule, handles });
    return { id };
  };

  const listFaults = () =>
    [...faults.values()]
      .map((f) => ({
        id: f.id,
        targets: f.targets,
        ...describeRule(f.rule),
        hits: f.handles.reduce((n, h) => n + h.hits, 0),
        remaining: Math.min(...f.handles.map((h) => h.remaining)),
      }))
      .map((f) => ({ ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : null }));

  const requests = (target: string | null) => {
    if (target !== null && target !== 'aws' && target !== 'vault') {
      throw new HttpProblem(400, 'target must be "aws" or "vault" (omit it for both)');
    }
    const pick = (t: AdminTarget): (RequestLogEntry & { target: AdminTarget })[] =>
      fakes[t].requests.entries().map((e) => ({ ...e, target: t }));
    const list = target === null ? [...pick('aws'), ...pick('vault')] : pick(target);
    return { requests: list.sort((a, b) => a.at - b.at || a.seq - b.seq) };
  };

  const route = async (req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> => {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/health' && method === 'GET') return { status: 200, body: { ok: true } };
    if (path === '/faults') {
      if (method === 'POST') return { status: 200, body: addFault(await readJson(req)) };
      if (method === 'GET') return { status: 200, body: { faults: listFaults() } };
      if (method === 'DELETE') {
        const cleared = faults.size;
        options.aws.faults.clear();
        options.vault.faults.clear();
        faults.clear();
        return { status: 200, body: { cleared } };
      }
    }
    const one = /^\/faults\/([^/]+)$/.exec(path);
    if (one && method === 'DELETE') {
      const fault = faults.get(one[1] as string);
      if (!fault) throw new HttpProblem(404, 'no fault with that id (it may have been cleared)');
      for (const handle of fault.handles) handle.cancel();
      faults.delete(fault.id);
      return { status: 200, body: { cleared: 1 } };
    }
    if (path === '/requests') {
      if (method === 'GET') return { status: 200, body: requests(url.searchParams.get('target')) };
      if (method === 'DELETE') {
        options.aws.requests.clear();
        options.vault.requests.clear();
        return { status: 200, body: { cleared: true } };
      }
    }
    if (path === '/clock') {
      if (method === 'GET')
        return { status: 200, body: { now: options.clock.now(), movable: options.movableClock } };
      if (method === 'POST') {
        if (!options.movableClock) {
          throw new HttpProblem(
            409,
            'the fakes run on the real clock; start locksmith-fake with --fake-clock',
          );
        }
        const body = (await readJson(req)) as { advanceMs?: unknown } | null;
        const advance = body?.advanceMs;
        if (!(typeof advance === 'number' && Number.isFinite(advance) && advance >= 0)) {
          throw new HttpProblem(400, 'advanceMs must be a non-negative number of milliseconds');
        }
        options.clock.advance(advance);
        return { status: 200, body: { now: options.clock.now() } };
      }
    }
    throw new HttpProblem(404, `no admin route ${method} ${path}`);
  };

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'cache-control': 'no-store',
    });
    res.end(text);
  };

  const server = createServer((req, res) => {
    if (!authorised(req)) {
      req.resume();
      reply(res, 401, { error: 'missing or wrong bearer token (LOCKSMITH_FAKE_ADMIN_TOKEN)' });
      return;
    }
    route(req, new URL(req.url ?? '/', 'http://admin')).then(
      ({ status, body }) => reply(res, status, body),
      (error: unknown) => {
        if (error instanceof HttpProblem) reply(res, error.status, { error: error.message });
        else if (error instanceof AdminInputError) reply(res, 400, { error: error.message });
        else reply(res, 500, { error: 'internal error in the admin API' });
      },
    );
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed = false;
  return {
    endpoint: `http://${hostPart}:${address.port}`,
    token,
    async close() {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}
