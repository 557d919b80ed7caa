import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { clientContainsSecret, createSecretClient } from '../src/client.js';
import { guardResponse, SecretLeakError } from '../src/redact/leak-guard.js';
import { Masker } from '../src/redact/masker.js';
import type { SecretClient, SecretClientOptions } from '../src/types.js';
import { budget, propertyRuns } from './helpers/budget.js';
import { expectNoCanary, recordingLogger } from './helpers/canary.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { maskerOf } from './helpers/masker.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

/** `structuredClone` copies own enumerable data only; functions and class internals are dropped or refused. */
function structuredCloneSafe(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch (error) {
    return String(error);
  }
}

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

  it('finds a value inside a larger base64 blob, at any byte offset (a Basic auth header)', async () => {
    const { client } = await loaded();
    for (const user of ['a', 'ab', 'abc']) {
      const header = `Authorization: Basic ${Buffer.from(`${user}:${CANARY.password}`).toString('base64')}`;
      const masked = client.mask(header);
      expect(masked, user).toContain('[REDACTED]');
      expect(Buffer.from(masked.slice('Authorization: Basic '.length), 'base64').toString()).not.toContain(
        CANARY.password.slice(4),
      );
    }
  });

  it('masks overlapping values as one span, leaving no part of either', async () => {
    const { client } = await loaded();
    const overlap = `${CANARY.token}${CANARY.password}`;
    expect(client.mask(`[${overlap}]`)).toBe('[[REDACTED][REDACTED]]');
    const { client: other } = await loaded();
    const masked = other.mask(`x${CANARY.url.slice(0, 20)}${CANARY.url.slice(20)}x`);
    expect(masked).toBe('x[REDACTED]x');
  });

  it('keeps masking the last version it held after invalidate(), and previous versions while held', async () => {
    const { client, store } = await loaded();
    client.secret('api-token').invalidate();
    expect(client.mask(CANARY.token)).toBe('[REDACTED]');
    store.set('api-token', 't2', 'fresh-token-value-2');
    await client.get('api-token');
    expect(client.mask(`${CANARY.token} fresh-token-value-2`)).toBe('[REDACTED] [REDACTED]');
  });

  it(
    'a value of 64 KiB among a thousand others: mask() neither throws nor leaks (the old regex threw with the whole pattern)',
    async () => {
      const big = `CANARY-big-${'x'.repeat(65_536 - 11)}`;
      const many = Array.from({ length: propertyRuns(1_000) }, (_, i) => `canary-${i}-${'y'.repeat(1_000)}`);
      const masker = maskerOf([big, ...many]);
      const text = `a ${big} b ${many.at(-1)} c`;
      expect(masker.mask(text)).toBe('a [REDACTED] b [REDACTED] c');
      expect(masker.contains(text)).toBe(true);
      // Indexing 1,000 values: ~0.1 s quiet, under a second loaded.
    },
    budget(10_000),
  );

  it('indexes nothing until first used, then re-indexes a source as soon as it changes', () => {
    const masker = new Masker();
    let reads = 0;
    let value = 'first-value-0123456789';
    const source = {
      *maskedValues() {
        reads++;
        yield value;
      },
    };
    masker.changed(source);
    masker.changed(source);
    expect(reads).toBe(0); // a client that never masks pays nothing
    expect(masker.mask('a first-value-0123456789 b')).toBe('a [REDACTED] b');
    expect(reads).toBe(1);
    value = 'second-value-0123456789';
    masker.changed(source);
    expect(reads).toBe(2);
    expect(masker.mask('first-value-0123456789 second-value-0123456789')).toBe(
      'first-value-0123456789 [REDACTED]',
    );
    masker.forget(source);
    expect(masker.mask('second-value-0123456789')).toBe('second-value-0123456789');
  });

  it('never throws: a failure inside a scan masks the whole text and counts as a leak', async () => {
    const { client } = await loaded();
    // A caller outside TypeScript passing something that is not text makes the scan itself fail.
    const notText = { length: 10 } as unknown as string;
    expect(client.mask(notText)).toBe('[REDACTED]');
    expect(clientContainsSecret(client, notText)).toBe(true);
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

  it('state that can reach a value is #private: no inspect option, enumeration or spread reaches it', async () => {
    const { client } = await loaded();
    await client.secret('jwt-signing-key').versions();
    const handles = ['database', 'jwt-signing-key', 'api-token'] as const;
    const objects: unknown[] = [client, ...handles.map((name) => client.secret(name))];
    const raw = { customInspect: false, showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true };
    for (const object of objects) {
      expectNoCanary(inspect(object, raw));
      expectNoCanary(inspect({ ...(object as object) }, raw));
      expectNoCanary(JSON.stringify(Object.entries(object as object)));
      expectNoCanary(inspect(Object.getOwnPropertyDescriptors(object), raw));
      expectNoCanary(inspect(structuredCloneSafe(object), raw));
    }
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

describe('guardResponse', () => {
  it('throws on a body holding a value in any form and passes others through', async () => {
    const { client } = await loaded();
    expect(() => guardResponse(client, `{"leak":"${CANARY.token}"}`)).toThrow(SecretLeakError);
    expect(() => guardResponse(client, Buffer.from(Buffer.from(CANARY.jwt).toString('base64')))).toThrow(
      SecretLeakError,
    );
    expect(() => guardResponse(client, `x=${encodeURIComponent(CANARY.url)}`)).toThrow(SecretLeakError);
    expect(guardResponse(client, '{"ok":true}')).toBe('{"ok":true}');
    const error = (() => {
      try {
        guardResponse(client, CANARY.password);
      } catch (e) {
        return e;
      }
    })();
    expectNoCanary(`${inspect(error, { showHidden: true })} ${JSON.stringify(error)}`);
  });
});
