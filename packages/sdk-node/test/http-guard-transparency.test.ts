import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeGuarded, deferred, fetchRaw, guarded, nextTurn } from './helpers/guarded-server.js';

afterEach(closeGuarded);

/** What a handler saw (return values, thrown codes, callback codes) and what its client received. */
interface Observed {
  readonly handler: unknown[];
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

type Script = (res: ServerResponse, seen: (what: unknown) => void) => void | Promise<void>;

/** The code of what `run` throws, or 'no error'. */
function thrownCode(run: () => unknown): unknown {
  try {
    run();
    return 'no error';
  } catch (error) {
    return (error as { code?: unknown }).code ?? error;
  }
}

/** Runs `script` as a handler on an unguarded server, observing what happens. */
async function plain(script: Script): Promise<Observed> {
  const seen: unknown[] = [];
  const done = deferred();
  const server = createServer(async (_req, res) => {
    await script(res, (what) => seen.push(what));
    done.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await observe((server.address() as AddressInfo).port, seen, done.promise);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Runs `script` as a handler on a guarded server (over the canaries), observing what happens. */
async function withGuard(script: Script): Promise<Observed> {
  const seen: unknown[] = [];
  const done = deferred();
  const { port } = await guarded(async (_req, res) => {
    await script(res, (what) => seen.push(what));
    done.resolve();
  });
  return observe(port, seen, done.promise);
}

async function observe(port: number, seen: unknown[], handlerDone: Promise<void>): Promise<Observed> {
  const answer = await fetchRaw(port);
  await handlerDone;
  const headers = Object.fromEntries(
    Object.entries(answer.headers).filter(([name]) => name.startsWith('x-')),
  );
  return { handler: seen, status: answer.status, headers, body: answer.body.toString() };
}

/** A write or end callback that records the code of the error it gets (or null). */
function callbackCode(seen: (what: unknown) => void, settled: { resolve: () => void }) {
  return (error?: Error | null) => {
    seen((error as { code?: unknown } | null | undefined)?.code ?? error ?? null);
    settled.resolve();
  };
}

/**
 * A response without a value behaves as it would without the guard: the same answers to the
 * handler, the same errors (thrown at once, not from a later turn where nobody can catch them and
 * the process exits), the same bytes to the client.
 */
describe('guardHttpServer: a response without a value, as Node would send it', () => {
  const scripts: Record<string, Script> = {
    'a body written in hex with end(chunk, "hex")': (res) => {
      res.end(Buffer.from('hello through hex').toString('hex'), 'hex');
    },
    'a body written in base64 over several writes': (res) => {
      const encoded = Buffer.from('a body in base64, in pieces').toString('base64');
      res.write(encoded.slice(0, 8), 'base64');
      res.write(encoded.slice(8, 20), 'base64');
      res.end(encoded.slice(20), 'base64');
    },
    'writeHead() with headers, then a body': (res) => {
      res.writeHead(201, 'Made', { 'x-custom': 'kept', 'content-type': 'text/plain' });
      res.end('created');
    },
    'write() of a chunk that is not text or bytes throws, synchronously': (res, seen) => {
      seen(thrownCode(() => res.write(42 as never)));
      seen(thrownCode(() => res.write(null as never)));
      seen(res.headersSent);
      res.end('after the bad writes');
    },
    'end() of a chunk that is not text or bytes throws, synchronously': (res, seen) => {
      seen(thrownCode(() => res.end({ not: 'a chunk' } as never)));
      seen(res.writableEnded);
      res.end('after the bad end');
    },
    'end() of a falsy chunk ends as end() does, after what was written': (res) => {
      res.setHeader('x-kept', 'yes');
      res.write('written before ');
      res.end(0 as never);
    },
    'write() then end() with no arguments, in one turn': (res) => {
      res.write('all of it');
      res.end();
    },
    'write() then end(callback), in one turn': async (res, seen) => {
      const ended = deferred();
      res.write('all of it');
      res.end(callbackCode(seen, ended));
      await ended.promise;
    },
    'write() and end() right after end(): Node’s own answers': async (res, seen) => {
      res.on('error', (error: { code?: unknown }) => seen(`error event ${String(error.code)}`));
      res.end('done');
      const late = deferred();
      const again = deferred();
      seen(res.write('late', callbackCode(seen, late)));
      res.end('again', callbackCode(seen, again));
      await Promise.all([late.promise, again.promise]);
      await nextTurn();
    },
  };

  for (const [name, script] of Object.entries(scripts))
    it(name, async () => {
      const expected = await plain(script);
      expect(await withGuard(script)).toEqual(expected);
    });

  it('write() in an encoding Node does not know throws the same error, synchronously', async () => {
    // What Node sends afterwards differs (it has already started a chunked body); the handler's
    // view is the same.
    const script: Script = (res, seen) => {
      seen(thrownCode(() => res.write('text', 'no-such-encoding' as BufferEncoding)));
      res.end('after the bad encoding');
    };
    const expected = await plain(script);
    expect((await withGuard(script)).handler).toEqual(expected.handler);
    expect(expected.handler).toEqual(['ERR_UNKNOWN_ENCODING']);
  });
});
