import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import {
  guardHttpServer,
  guardResponse,
  installLeakGuard,
  SecretLeakError,
} from '../src/redact/leak-guard.js';
import type { SecretClient, SecretClientOptions } from '../src/types.js';
import { expectNoCanary, recordingLogger } from './helpers/canary.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

type Shop = { database: { url: string; password: string }; 'jwt-signing-key': string; 'api-token': string };
const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

async function loaded(options: SecretClientOptions = {}) {
  const clock = new FakeClock();
  const store = new ScriptedProvider()
    .set('database', 'v1', JSON.stringify({ url: CANARY.url, password: CANARY.password }))
    .set('jwt-signing-key', 'j1', CANARY.jwt)
    .set('jwt-signing-key', 'j0', CANARY.jwtNext, 'previous')
    .set('api-token', 't1', CANARY.token);
  const client = createSecretClient<Shop>(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    clock,
    random: seededRandom(2),
    metrics: false,
    ...options,
  });
  clients.push(client);
  await client.preload();
  await client.secret('jwt-signing-key').versions();
  return { client, store, clock };
}

describe('mask()', () => {
  it('replaces every loaded value in raw, base64, base64url, hex and URL-encoded forms', async () => {
    const { client } = await loaded();
    const b64 = Buffer.from(CANARY.password).toString('base64');
    const text = [
      `password=${CANARY.password}`,
      `b64=${b64}`,
      `b64url=${Buffer.from(CANARY.jwt).toString('base64url')}`,
      `hex=${Buffer.from(CANARY.token).toString('hex')}`,
      `url=${encodeURIComponent(CANARY.url)}`,
      `previous=${CANARY.jwtNext}`,
      'port=5432 ok',
    ].join('\n');
    const masked = client.mask(text);
    expectNoCanary(masked);
    expect(masked).toContain('password=[REDACTED]');
    expect(masked).toContain('port=5432 ok');
    expect(client.mask('nothing secret here')).toBe('nothing secret here');
  });

  it('forgets values that were invalidated', async () => {
    const { client } = await loaded();
    client.secret('api-token').invalidate();
    expect(client.mask(CANARY.token)).toBe(CANARY.token);
  });
});

describe('runtime objects never show values', () => {
  it('client, handles and health print names and states only', async () => {
    const { client } = await loaded();
    const outputs = [
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client),
      inspect(client.secret('database'), { depth: 10 }),
      JSON.stringify(client.secret('database')),
      JSON.stringify(client.health()),
      String(client),
    ];
    for (const out of outputs) expectNoCanary(out);
    expect(inspect(client.secret('database'))).toContain("secret: 'database'");
  });

  it('errors and log lines from every failure path carry no value', async () => {
    const { lines, logger } = recordingLogger();
    const { client, store, clock } = await loaded({
      logger,
      cacheTtlMs: 10_000,
      maxStalenessMs: 20_000,
      retry: { attempts: 1 },
    });
    const errors: unknown[] = [];
    store.set('database', 'v2', JSON.stringify({ url: CANARY.password, password: CANARY.token.slice(0, 5) }));
    store.set('jwt-signing-key', 'j2', { kind: 'binary', bytes: Buffer.from(CANARY.jwt) });
    store.secretErrors.set('api-token', 'ACCESS_DENIED');
    await clock.advance(9_500);
    for (const name of ['database', 'jwt-signing-key', 'api-token'] as const) {
      errors.push(
        await client
          .secret(name)
          .refresh()
          .catch((e: unknown) => e),
      );
    }
    await clock.advance(60_000);
    errors.push(await client.get('database').catch((e: unknown) => e));
    errors.push(await client.preload().catch((e: unknown) => e));
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'ACCESS_DENIED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    expect(lines.length).toBeGreaterThan(3);
    const text = [
      ...errors.map((e) => `${String(e)} ${inspect(e, { depth: 10 })} ${JSON.stringify(e)}`),
      ...lines.map((l) => `${JSON.stringify(l.obj)} ${l.msg}`),
    ].join('\n');
    expectNoCanary(text);
  });
});

describe('leak guard', () => {
  it('masks console output while installed', async () => {
    const { client } = await loaded();
    const seen: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => {
      seen.push(args.join(' '));
    };
    try {
      const uninstall = installLeakGuard(client);
      console.log('connecting with %s', CANARY.password, { token: CANARY.token });
      uninstall();
      console.log('after', 'plain');
    } finally {
      console.log = original;
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toContain('connecting with [REDACTED]');
    expectNoCanary(seen[0]!);
    expect(seen[1]).toBe('after plain');
  });

  it('guardResponse throws on a body holding a value and passes others through', async () => {
    const { client } = await loaded();
    expect(() => guardResponse(client, `{"leak":"${CANARY.token}"}`)).toThrow(SecretLeakError);
    expect(() => guardResponse(client, Buffer.from(Buffer.from(CANARY.jwt).toString('base64')))).toThrow(
      SecretLeakError,
    );
    expect(guardResponse(client, '{"ok":true}')).toBe('{"ok":true}');
  });

  it('a guarded http server answers 500 instead of a leaking body and serves clean bodies untouched', async () => {
    const { client } = await loaded();
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/leak-after-writehead') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`token=${CANARY.token}`);
      } else if (req.url === '/leak') {
        res.write('{"debug":"');
        res.end(`${CANARY.password}"}`);
      } else res.end('{"status":"ok"}');
    });
    guardHttpServer(server, client);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve) => {
        request({ host: '127.0.0.1', port, path }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', (error) => resolve({ status: -1, body: String(error) }))
          .end();
      });
    try {
      expect(await get('/ok')).toEqual({ status: 200, body: '{"status":"ok"}' });
      const leak = await get('/leak');
      expect(leak.status).toBe(500);
      expectNoCanary(leak.body);
      // headers already written: the connection is cut, nothing of the body goes out
      const late = await get('/leak-after-writehead');
      expectNoCanary(late.body);
      expect(late.status === 500 || late.status === -1).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
