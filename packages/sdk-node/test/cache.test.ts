import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { AggregateSecretsError, SecretsError } from '../src/errors.js';
import type { SecretClient, SecretClientOptions } from '../src/types.js';
import { CANARY, manySecretsDescriptor, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

type Shop = {
  database: { url: string; password: string; port: number };
  'jwt-signing-key': string;
  'api-token': string;
};

const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

function setup(options: SecretClientOptions = {}) {
  const clock = new FakeClock();
  const store = new ScriptedProvider()
    .set('database', 'v1', JSON.stringify({ url: CANARY.url, password: CANARY.password }))
    .set('jwt-signing-key', 'j1', CANARY.jwt)
    .set('api-token', 't1', CANARY.token);
  const client = createSecretClient<Shop>(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    clock,
    random: seededRandom(7),
    metrics: false,
    ...options,
  });
  clients.push(client);
  return { clock, store, client };
}

describe('warm reads', () => {
  it('returns the same resolved promise and makes no call once warm', async () => {
    const { store, client } = setup();
    const handle = client.secret('api-token');
    expect(await handle.get()).toBe(CANARY.token);
    const first = handle.get();
    expect(handle.get()).toBe(first);
    expect(await first).toBe(CANARY.token);
    expect(handle.current()).toBe(CANARY.token);
    expect(store.calls).toHaveLength(1);
  });

  it('a refresh that sees the same version id keeps the same object and promise', async () => {
    const { clock, store, client } = setup({ cacheTtlMs: 10_000 });
    const db = await client.get('database');
    const promise = client.secret('database').get();
    await clock.advance(9_500);
    expect(store.calls).toHaveLength(2);
    expect(client.secret('database').get()).toBe(promise);
    expect(client.secret('database').current()).toBe(db);
  });

  it('current() throws NOT_LOADED while cold', () => {
    const { client } = setup();
    expect(() => client.secret('api-token').current()).toThrowError(
      expect.objectContaining({ code: 'NOT_LOADED', secret: 'api-token' }),
    );
  });

  it('decodes object secrets, applies defaults and freezes the value', async () => {
    const { client } = setup();
    const db = await client.get('database');
    expect(db).toEqual({ url: CANARY.url, password: CANARY.password, port: 5432 });
    expect(Object.isFrozen(db)).toBe(true);
  });
});

describe('single flight and batching', () => {
  it('1,000 concurrent cold gets of one secret send exactly one request', async () => {
    const { store, client } = setup();
    const values = await Promise.all(Array.from({ length: 1000 }, () => client.get('api-token')));
    expect(new Set(values)).toEqual(new Set([CANARY.token]));
    expect(store.calls).toHaveLength(1);
    expect(store.requestCount).toBe(1);
  });

  it('gets of different secrets in one tick share one batch', async () => {
    const { store, client } = setup();
    await Promise.all([client.get('api-token'), client.get('database'), client.get('jwt-signing-key')]);
    expect(store.calls).toHaveLength(1);
    expect(store.calls[0]?.map((r) => r.secret.name).sort()).toEqual([
      'api-token',
      'database',
      'jwt-signing-key',
    ]);
  });

  it('preload of 100 secrets sends ⌈100/20⌉ = 5 calls', async () => {
    const store = new ScriptedProvider('aws', 20);
    const descriptor = manySecretsDescriptor(100);
    for (const name of Object.keys(descriptor.secrets)) store.set(name, 'v1', `value-of-${name}`);
    const client = createSecretClient<Record<string, string>>(descriptor, {
      environment: 'dev',
      provider: store,
      clock: new FakeClock(),
      metrics: false,
    });
    clients.push(client);
    await client.preload();
    expect(store.calls.map((c) => c.length)).toEqual([20, 20, 20, 20, 20]);
    expect(client.health().ready).toBe(true);
    await client.preload();
    expect(store.calls).toHaveLength(5);
  });

  it('a large preload keeps at most 8 calls in flight', async () => {
    const store = new ScriptedProvider('aws', 20);
    const descriptor = manySecretsDescriptor(400);
    for (const name of Object.keys(descriptor.secrets)) store.set(name, 'v1', `value-of-${name}`);
    let inFlight = 0;
    let most = 0;
    const slow: typeof store = Object.create(store);
    slow.fetch = async (requests, signal) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return await store.fetch(requests, signal);
      } finally {
        inFlight--;
      }
    };
    const client = createSecretClient<Record<string, string>>(descriptor, {
      environment: 'dev',
      provider: slow,
      clock: new FakeClock(),
      metrics: false,
    });
    clients.push(client);
    await client.preload();
    expect(store.calls).toHaveLength(20);
    expect(most).toBe(8);
    expect(client.health().ready).toBe(true);
  });

  it('preload fails fast with one error listing every failing secret', async () => {
    const { store, client } = setup();
    store.remove('api-token');
    store.set('jwt-signing-key', 'j1', 'too-short');
    const error = await client.preload().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateSecretsError);
    const failures = (error as AggregateSecretsError).failures.map((f) => [f.secret, f.code]);
    expect(failures.sort()).toEqual([
      ['api-token', 'NOT_FOUND'],
      ['jwt-signing-key', 'VALIDATION_FAILED'],
    ]);
    expect((error as Error).message).toContain('api-token: NOT_FOUND');
    expect(client.health().ready).toBe(false);
  });
});

describe('TTL, refresh-ahead and staleness', () => {
  it('refreshes in the background at ~80% of the TTL with ±10% jitter, unref-ing timers', async () => {
    const { clock, store, client } = setup({ cacheTtlMs: 100_000 });
    await client.get('api-token');
    await clock.advance(0);
    const due = clock.dueIn();
    // one timer while healthy: the refresh
    expect(due).toHaveLength(1);
    expect(due[0]).toBeGreaterThanOrEqual(70_000);
    expect(due[0]).toBeLessThanOrEqual(90_000);
    expect(clock.unrefCalls).toBeGreaterThanOrEqual(1);
    store.set('api-token', 't2', 'rotated-token-value');
    const warm = client.secret('api-token').get();
    expect(await warm).toBe(CANARY.token);
    await clock.advance(90_000);
    expect(store.calls).toHaveLength(2);
    expect(client.secret('api-token').get()).not.toBe(warm);
    expect(client.secret('api-token').current()).toBe('rotated-token-value');
  });

  it('uses the descriptor cacheTtlMs unless overridden', async () => {
    const { clock, client } = setup();
    await client.get('jwt-signing-key');
    await clock.advance(0);
    expect(clock.dueIn()[0]).toBeLessThanOrEqual(60_000 * 0.9);
    expect(clock.dueIn()[0]).toBeGreaterThanOrEqual(60_000 * 0.7);
  });

  it('serves the last good value while refreshes fail, then drops it after max staleness', async () => {
    const { lines, logger } = (await import('./helpers/canary.js')).recordingLogger();
    const { clock, store, client } = setup({ cacheTtlMs: 10_000, maxStalenessMs: 60_000, logger });
    await client.get('api-token');
    store.secretErrors.set('api-token', 'NOT_FOUND'); // deleted while cached
    await clock.advance(9_000);
    expect(client.secret('api-token').current()).toBe(CANARY.token);
    const stale = client.health().secrets.find((s) => s.secret === 'api-token');
    expect(stale).toMatchObject({ state: 'stale', lastErrorCode: 'NOT_FOUND', versionId: 't1' });
    expect(client.health().ready).toBe(false); // other secrets are cold
    expect(lines.some((l) => (l.obj as { event?: string }).event === 'stale_serve')).toBe(true);
    // bounded staleness is counted from the fetch: TTL (10 s) + max staleness (60 s)
    await clock.advance(60_000);
    expect(client.secret('api-token').current()).toBe(CANARY.token);
    await clock.advance(2_000);
    expect(() => client.secret('api-token').current()).toThrowError(
      expect.objectContaining({ code: 'NOT_LOADED' }),
    );
    expect(lines.some((l) => (l.obj as { event?: string }).event === 'value_expired')).toBe(true);
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(client.health().secrets.find((s) => s.secret === 'api-token')?.state).toBe('failed');
  });

  it('a value that fails its schema on refresh keeps the last good one', async () => {
    const { clock, store, client } = setup({ cacheTtlMs: 10_000 });
    await client.get('database');
    store.set('database', 'v2', JSON.stringify({ url: CANARY.url, password: 'short' }));
    await clock.advance(9_000);
    expect(client.secret('database').current().password).toBe(CANARY.password);
    expect(client.health().secrets.find((s) => s.secret === 'database')).toMatchObject({
      state: 'stale',
      lastErrorCode: 'VALIDATION_FAILED',
    });
  });

  it('recovers after a failed refresh with backoff', async () => {
    const { clock, store, client } = setup({ cacheTtlMs: 10_000, retry: { attempts: 1 } });
    await client.get('api-token');
    store.secretErrors.set('api-token', 'UNAVAILABLE');
    await clock.advance(9_000);
    expect(client.health().secrets.find((s) => s.secret === 'api-token')?.state).toBe('stale');
    const failedCalls = store.calls.length;
    await clock.advance(30_000);
    // backed-off retries: more than one, far fewer than one per second
    expect(store.calls.length - failedCalls).toBeGreaterThan(1);
    expect(store.calls.length - failedCalls).toBeLessThan(15);
    store.secretErrors.delete('api-token');
    store.set('api-token', 't2', 'recovered-token');
    await clock.advance(62_000);
    expect(client.secret('api-token').current()).toBe('recovered-token');
    expect(client.health().secrets.find((s) => s.secret === 'api-token')?.state).toBe('fresh');
  });

  it('refresh() forces a fetch (single flight) and invalidate() drops the value', async () => {
    const { store, client } = setup();
    const handle = client.secret('api-token');
    await handle.get();
    store.set('api-token', 't2', 'refreshed-token');
    const [a, b] = await Promise.all([handle.refresh(), handle.refresh()]);
    expect([a, b]).toEqual(['refreshed-token', 'refreshed-token']);
    expect(store.calls).toHaveLength(2);
    handle.invalidate();
    expect(() => handle.current()).toThrow(SecretsError);
    expect(client.health().secrets.find((s) => s.secret === 'api-token')?.state).toBe('cold');
    await handle.get();
    expect(store.calls).toHaveLength(3);
  });

  it('close() stops every timer and later calls fail with CLOSED', async () => {
    const { clock, client } = setup();
    await client.preload();
    expect(clock.pending).toBeGreaterThan(0);
    await client.close();
    expect(clock.pending).toBe(0);
    client.secret('api-token').invalidate();
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('health reports age and version ids', async () => {
    const { clock, client } = setup();
    await client.preload();
    await clock.advance(1_234);
    const report = client.health();
    expect(report.ready).toBe(true);
    expect(report.secrets.find((s) => s.secret === 'database')).toEqual({
      secret: 'database',
      state: 'fresh',
      provider: 'scripted',
      ageMs: 1_234,
      versionId: 'v1',
      lastErrorCode: undefined,
      overlapEndsAt: undefined,
      previousRevoked: false,
    });
  });
});

describe('batched refresh', () => {
  const TTL = 100_000;

  /** A client over `count` AWS-like secrets (20 a batch), with every store call's time recorded. */
  async function warmFleetMember(count: number, seed: number) {
    const clock = new FakeClock();
    const store = new ScriptedProvider('aws', 20);
    const descriptor = manySecretsDescriptor(count);
    for (const name of Object.keys(descriptor.secrets)) store.set(name, 'v1', `value-of-${name}`);
    const at: number[] = [];
    const timed: typeof store = Object.create(store);
    timed.fetch = (requests, signal) => {
      at.push(clock.now());
      return store.fetch(requests, signal);
    };
    const client = createSecretClient<Record<string, string>>(descriptor, {
      environment: 'dev',
      provider: timed,
      clock,
      random: seededRandom(seed),
      cacheTtlMs: TTL,
      metrics: false,
    });
    clients.push(client);
    await client.preload();
    return { clock, store, client, at, start: clock.now() };
  }

  it('100 warm secrets of one store refresh in ⌈100/20⌉ = 5 BatchGet-sized calls per round', async () => {
    const { clock, store, at, start } = await warmFleetMember(100, 11);
    const preloadCalls = store.calls.length;
    await clock.advance(10 * TTL);
    const refreshCalls = store.calls.slice(preloadCalls);
    const rounds = new Map<number, number[]>();
    for (const [i, call] of refreshCalls.entries()) {
      const when = at[preloadCalls + i]!;
      rounds.set(when, [...(rounds.get(when) ?? []), call.length]);
    }
    // Each round refreshes all 100 secrets in 5 full batches…
    for (const sizes of rounds.values()) expect(sizes).toEqual([20, 20, 20, 20, 20]);
    // …and rounds come once per refresh interval (70–90% of the TTL), not once per secret.
    const times = [...rounds.keys()];
    expect(times.length).toBeGreaterThanOrEqual(Math.floor((10 * TTL) / (0.9 * TTL)));
    expect(times.length).toBeLessThanOrEqual(Math.ceil((10 * TTL) / (0.7 * TTL)));
    for (const [i, t] of times.entries()) {
      const gap = t - (i === 0 ? start : times[i - 1]!);
      expect(gap).toBeGreaterThanOrEqual(0.7 * TTL);
      expect(gap).toBeLessThanOrEqual(0.9 * TTL);
    }
  });

  it('processes of a fleet still refresh at different moments, each within the jitter band', async () => {
    const firstRound: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { clock, store, at, start } = await warmFleetMember(40, seed);
      const preloadCalls = store.calls.length;
      await clock.advance(TTL);
      const first = at[preloadCalls]! - start;
      expect(first).toBeGreaterThanOrEqual(0.7 * TTL);
      expect(first).toBeLessThanOrEqual(0.9 * TTL);
      firstRound.push(first);
    }
    expect(new Set(firstRound).size).toBe(firstRound.length);
    expect(Math.max(...firstRound) - Math.min(...firstRound)).toBeGreaterThan(0.05 * TTL);
  });

  it('a secret backing off after failures keeps its own retry spacing: healthy rounds do not take it along', async () => {
    const { clock, store, client } = setup({ cacheTtlMs: TTL, breaker: { failureThreshold: 1_000 } });
    await client.preload();
    store.secretErrors.set('api-token', 'NOT_FOUND');
    await clock.advance(3 * TTL);
    const healthyRounds = store.calls.filter((c) => c.some((r) => r.secret.name === 'database'));
    expect(healthyRounds.length).toBeGreaterThanOrEqual(3);
    // The first round after the failure began still carried it; later ones did not.
    for (const round of healthyRounds.slice(2))
      expect(round.map((r) => r.secret.name)).not.toContain('api-token');
    expect(store.calls.some((c) => c.length === 1 && c[0]?.secret.name === 'api-token')).toBe(true);
  });

  it('a secret whose refresh is due later than one jitter window refreshes on its own', async () => {
    // No cacheTtlMs override: jwt-signing-key has a 60 s TTL, the others the 300 s default.
    const { clock, store, client } = setup();
    await client.preload();
    const preloadCalls = store.calls.length;
    await clock.advance(60_000);
    expect(store.calls.slice(preloadCalls).map((c) => c.map((r) => r.secret.name))).toEqual([
      ['jwt-signing-key'],
    ]);
  });
});

describe('configuration', () => {
  it('needs a known environment and lists the valid ones', () => {
    expect(() => createSecretClient(shopDescriptor(), { processEnv: {} })).toThrowError(/dev, prod/);
    expect(() => createSecretClient(shopDescriptor(), { environment: 'qa', processEnv: {} })).toThrowError(
      expect.objectContaining({ code: 'CONFIGURATION' }),
    );
  });

  it('rejects secrets the service does not read', async () => {
    const { client } = setup();
    await expect(
      (client as unknown as SecretClient<Record<string, string>>).get('other'),
    ).rejects.toMatchObject({
      code: 'CONFIGURATION',
    });
  });
});
