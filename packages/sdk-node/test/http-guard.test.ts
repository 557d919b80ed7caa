import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { guardHttpServer } from '../src/redact/http-guard.js';
import { SecretLeakError } from '../src/redact/leak-error.js';
import type { SecretClient } from '../src/types.js';
import { budget } from './helpers/budget.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY } from './helpers/descriptor.js';
import {
  closeGuarded,
  deferred,
  fetchRaw,
  guarded,
  nextTurn,
  openGuarded,
} from './helpers/guarded-server.js';
import { loadedTokenClient } from './helpers/token-client.js';

afterEach(closeGuarded);

describe('guardHttpServer: clean responses are untouched', () => {
  it('a body written with end() keeps its content-length and bytes', async () => {
    const { port } = await guarded((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"ok"}');
    });
    const answer = await fetchRaw(port);
    expect(answer).toMatchObject({ status: 200, cut: false });
    expect(answer.headers['content-length']).toBe('15');
    expect(answer.body.toString()).toBe('{"status":"ok"}');
  });

  it('binary chunks written over several calls arrive byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
    const { port } = await guarded(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(bytes.subarray(0, 1000));
      await nextTurn();
      res.write(bytes.subarray(1000, 2001));
      res.end(bytes.subarray(2001));
    });
    const answer = await fetchRaw(port);
    expect(answer).toMatchObject({ status: 200, cut: false });
    expect(answer.body.equals(bytes)).toBe(true);
  });
});

describe('guardHttpServer: a value in a response', () => {
  it('written with write() and end() in one turn: a bare 500, nothing of the body', async () => {
    const { port, lines } = await guarded((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-request', 'abc');
      res.write('{"debug":"');
      res.end(`${CANARY.password}"}`);
    });
    const answer = await fetchRaw(port);
    expect(answer.status).toBe(500);
    expect(answer.body.toString()).toBe('Internal Server Error');
    expect(answer.headers['x-request']).toBeUndefined();
    expect(lines.map((l) => l.obj)).toContainEqual({
      event: 'response_refused',
      what: 'response body',
      outcome: '500',
    });
  });

  it('after writeHead(): still a bare 500, because the head waits for the first body byte', async () => {
    const { port } = await guarded((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`token=${CANARY.token}`);
    });
    const answer = await fetchRaw(port);
    expect(answer).toMatchObject({ status: 500, cut: false });
    expectNoCanary(answer.body.toString());
  });

  it('split across two writes of one turn, in base64: a bare 500', async () => {
    const encoded = Buffer.from(CANARY.jwt).toString('base64');
    const { port } = await guarded((_req, res) => {
      res.writeHead(200);
      res.write(encoded.slice(0, 10));
      res.end(encoded.slice(10));
    });
    const answer = await fetchRaw(port);
    expect(answer.status).toBe(500);
    expectNoCanary(answer.body.toString());
  });

  it('in a response header: a bare 500', async () => {
    const { port } = await guarded((_req, res) => {
      res.writeHead(200, { 'x-debug-token': CANARY.token });
      res.end('{}');
    });
    const answer = await fetchRaw(port);
    expect(answer.status).toBe(500);
    expect(answer.headers['x-debug-token']).toBeUndefined();
  });

  it('streamed over several turns after a first chunk went out: the connection is cut before any of the value', async () => {
    const received = deferred();
    const callbackError = deferred<unknown>();
    const { port, lines } = await guarded(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk, no secret here\n');
      await received.promise;
      res.write(`value=${CANARY.password.slice(0, 18)}`);
      await nextTurn();
      res.write(`${CANARY.password.slice(18)}\n`, (error) => callbackError.resolve(error));
    });
    const answer = await fetchRaw(port, () => received.resolve());
    expect(answer.status).toBe(200);
    expect(answer.cut).toBe(true);
    expect(answer.body.toString()).toBe('first chunk, no secret here\n');
    expect(await callbackError.promise).toBeInstanceOf(SecretLeakError);
    expect(lines.map((l) => l.obj)).toContainEqual({
      event: 'response_refused',
      what: 'response body',
      outcome: 'connection_cut',
    });
  });
});

describe('guardHttpServer: streaming and backpressure', () => {
  it('streams: a chunk reaches the client before the handler writes the next one', async () => {
    const firstArrived = deferred();
    const { port } = await guarded(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      // Without streaming this waits forever: the client cannot see the first event before end().
      await firstArrived.promise;
      res.end('data: two\n\n');
    });
    const answer = await fetchRaw(port, (chunk) => {
      if (chunk.toString().includes('one')) firstArrived.resolve();
    });
    expect(answer.body.toString()).toBe('data: one\n\ndata: two\n\n');
  });

  it(
    'write() returns false once held and socket-buffered bytes reach the high-water mark, and drain follows',
    async () => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = 32; // 2 MiB: more than the socket and the paused client take before reading
      const sawFalse = deferred<number>();
      const { port } = await guarded(async (_req, res) => {
        for (let i = 0; i < total; i++) {
          if (!res.write(chunk)) {
            sawFalse.resolve(i);
            await new Promise((resolve) => res.once('drain', resolve));
          }
        }
        res.end();
      });
      let paused = true;
      const answer = await fetchRaw(port, (_chunk, res) => {
        if (paused) {
          paused = false;
          // Stop reading until the handler has been told to wait, then read everything.
          res.pause();
          void sawFalse.promise.then(() => res.resume());
        }
      });
      expect(await sawFalse.promise).toBeLessThan(total);
      expect(answer.cut).toBe(false);
      expect(answer.body.length).toBe(total * chunk.length);
      // 2 MiB over loopback: a fraction of a second, a few under mutation-test instrumentation.
    },
    budget(15_000),
  );
});

describe('guardHttpServer: every way a handler writes', () => {
  it('a value written as a UTF-16 string is refused (its UTF-8 decoding would hide it)', async () => {
    const { port } = await guarded((_req, res) => {
      res.setHeader('content-type', 'text/plain; charset=utf-16le');
      res.end(`token=${CANARY.token}`, 'utf16le');
    });
    const answer = await fetchRaw(port);
    expect(answer.status).toBe(500);
    expectNoCanary(answer.body.toString('utf16le'));
  });

  it('writeHead() sets statusCode at once, and a clean response keeps the status it was given', async () => {
    const seen = deferred<number>();
    const { port } = await guarded(async (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      seen.resolve(res.statusCode);
      await nextTurn();
      res.end('not here');
    });
    const answer = await fetchRaw(port);
    expect(await seen.promise).toBe(404);
    expect(answer).toMatchObject({ status: 404, cut: false });
    expect(answer.body.toString()).toBe('not here');
  });

  it('end(body, callback) with a value: the callback gets a SecretLeakError; later writes are refused too', async () => {
    const endError = deferred<unknown>();
    const laterWrite = deferred<{ returned: boolean; error: unknown }>();
    const laterEnd = deferred<unknown>();
    const { port } = await guarded((_req, res) => {
      res.end(`{"t":"${CANARY.token}"}`, (error?: Error | null) => endError.resolve(error));
      let returned = true;
      returned = res.write('more', (error) => laterWrite.resolve({ returned, error }));
      res.end('again', (error?: Error | null) => laterEnd.resolve(error));
    });
    const answer = await fetchRaw(port);
    expect(answer.status).toBe(500);
    expect(await endError.promise).toBeInstanceOf(SecretLeakError);
    expect(await laterWrite.promise).toMatchObject({ returned: false, error: expect.any(SecretLeakError) });
    expect(await laterEnd.promise).toBeInstanceOf(SecretLeakError);
  });

  it('a write() that completes a value returns false and its callback gets a SecretLeakError', async () => {
    const result = deferred<{ returned: boolean; error: unknown }>();
    const { port } = await guarded((_req, res) => {
      let returned = true;
      returned = res.write(`x=${CANARY.token}`, (error) => result.resolve({ returned, error }));
    });
    const answer = await fetchRaw(port);
    expect(answer.status).toBe(500);
    expect(await result.promise).toMatchObject({ returned: false, error: expect.any(SecretLeakError) });
  });

  it('flushHeaders() sends clean headers before the body, and refuses headers holding a value', async () => {
    const headersArrived = deferred();
    const { port } = await guarded(async (_req, res) => {
      res.setHeader('x-clean', 'yes');
      res.flushHeaders();
      await headersArrived.promise;
      res.end('body');
    });
    const answer = await new Promise<IncomingMessage>((resolve) =>
      get({ host: '127.0.0.1', port, path: '/' }, resolve),
    );
    // Without flushHeaders going out, the response event would wait for end(), which waits for it.
    headersArrived.resolve();
    expect(answer.headers['x-clean']).toBe('yes');
    answer.resume();
    const leaky = await guarded((_req, res) => {
      res.setHeader('x-debug', CANARY.token);
      res.flushHeaders();
      res.end('body');
    });
    const refused = await fetchRaw(leaky.port);
    expect(refused.status).toBe(500);
    expect(refused.headers['x-debug']).toBeUndefined();
  });

  it('guards a client that is not this runtime’s (any SecretClient), chunk by chunk', async () => {
    const inner = await loadedTokenClient();
    const foreign: SecretClient<object> = {
      service: inner.service,
      environment: inner.environment,
      secret: (name) => inner.secret(name as never),
      get: (name) => inner.get(name as never),
      preload: () => inner.preload(),
      health: () => inner.health(),
      mask: (text) => inner.mask(text),
      close: () => inner.close(),
    };
    const server = createServer((_req, res) => res.end(`t=${CANARY.token}`));
    guardHttpServer(server, foreign);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    openGuarded.push({ server, client: inner });
    const answer = await fetchRaw((server.address() as AddressInfo).port);
    expect(answer.status).toBe(500);
    expectNoCanary(answer.body.toString());
  });

  it('the function it returns stops guarding new requests', async () => {
    const client = await loadedTokenClient();
    const server = createServer((_req, res) => res.end(`t=${CANARY.token}`));
    const stop = guardHttpServer(server, client);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    openGuarded.push({ server, client });
    const port = (server.address() as AddressInfo).port;
    expect((await fetchRaw(port)).status).toBe(500);
    stop();
    expect(server.listenerCount('request')).toBe(1);
    expect((await fetchRaw(port)).body.toString()).toBe(`t=${CANARY.token}`);
  });
});
