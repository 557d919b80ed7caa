import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { fullJitter } from '../src/resilience/backoff.js';
import type { SecretClient, SecretClientOptions } from '../src/types.js';
import { recordingLogger } from './helpers/canary.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

type Shop = { 'api-token': string; 'jwt-signing-key': string; database: object };
const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

function setup(options: SecretClientOptions = {}) {
  const clock = new FakeClock();
  const store = new ScriptedProvider()
    .set('api-token', 't1', CANARY.token)
    .set('jwt-signing-key', 'j1', CANARY.jwt);
  const client = createSecretClient<Shop>(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    clock,
    random: seededRandom(1),
    metrics: false,
    ...options,
  });
  clients.push(client);
  return { clock, store, client };
}

describe('retries', () => {
  it('full jitter stays within [0, min(cap, base·2^n))', () => {
    const random = seededRandom(3);
    const policy = { attempts: 5, baseMs: 100, capMs: 1_000 };
    for (let n = 0; n < 8; n++) {
      const limit = Math.min(1_000, 100 * 2 ** n);
      for (let i = 0; i < 50; i++) {
        const d = fullJitter(policy, n, random);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(limit);
      }
    }
  });

  it('retries throttling and 5xx with backoff, then succeeds', async () => {
    const { clock, store, client } = setup({ retry: { attempts: 3, baseMs: 100, capMs: 1_000 } });
    store.faults.push('THROTTLED', 'UNAVAILABLE');
    const pending = client.get('api-token');
    await clock.advance(1_000);
    expect(await pending).toBe(CANARY.token);
    expect(store.calls).toHaveLength(3);
  });

  it('gives up after the configured attempts with the last retryable code', async () => {
    const { clock, store, client } = setup({ retry: { attempts: 2 } });
    store.faults.push('NETWORK', 'TIMEOUT', 'UNAVAILABLE');
    const pending = client.get('api-token').catch((e: unknown) => e);
    await clock.advance(5_000);
    expect(await pending).toMatchObject({ code: 'TIMEOUT', retryable: true, secret: 'api-token' });
    expect(store.calls).toHaveLength(2);
  });

  it('does not retry non-retryable codes', async () => {
    const { clock, store, client } = setup();
    for (const code of ['ACCESS_DENIED', 'DECRYPTION_FAILED', 'NOT_FOUND'] as const) {
      store.secretErrors.set('api-token', code);
      const pending = client.get('api-token').catch((e: unknown) => e);
      await clock.advance(5_000);
      expect(await pending).toMatchObject({ code, retryable: false });
    }
    expect(store.calls).toHaveLength(3);
  });

  it('retries only the failed secrets of a batch', async () => {
    const { clock, store, client } = setup();
    store.secretErrors.set('jwt-signing-key', 'THROTTLED');
    const pending = Promise.all([
      client.get('api-token'),
      client.get('jwt-signing-key').catch((e: unknown) => e),
    ]);
    await clock.advance(0);
    expect(store.calls).toHaveLength(1);
    store.secretErrors.delete('jwt-signing-key');
    await clock.advance(5_000);
    expect(await pending).toEqual([CANARY.token, CANARY.jwt]);
    expect(store.calls.map((c) => c.map((r) => r.secret.name))).toEqual([
      ['api-token', 'jwt-signing-key'],
      ['jwt-signing-key'],
    ]);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast, and lets one probe through per cooldown', async () => {
    const { lines, logger } = recordingLogger();
    const { clock, store, client } = setup({
      retry: { attempts: 1 },
      breaker: { failureThreshold: 3, cooldownMs: 10_000 },
      logger,
    });
    store.faults.push('UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE');
    for (let i = 0; i < 3; i++)
      await expect(client.get('api-token')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(lines.map((l) => (l.obj as { event?: string }).event)).toContain('breaker_open');
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryable: false });
    expect(store.calls).toHaveLength(3);
    await clock.advance(10_000);
    // the probe fails: open again for another cooldown
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(store.calls).toHaveLength(4);
    await clock.advance(10_000);
    expect(await client.get('api-token')).toBe(CANARY.token);
    expect(await client.get('jwt-signing-key')).toBe(CANARY.jwt);
    expect(store.calls).toHaveLength(6);
  });

  it('counts calls cut by the call deadline (a store that accepts and never answers) as failures', async () => {
    const { clock, store, client } = setup({
      timeoutMs: 1_000,
      retry: { attempts: 1 },
      breaker: { failureThreshold: 2, cooldownMs: 10_000 },
    });
    store.faults.push('hang', 'hang');
    for (let i = 0; i < 2; i++) {
      const pending = client.get('api-token').catch((e: unknown) => e);
      await clock.advance(1_000);
      expect(await pending).toMatchObject({ code: 'TIMEOUT' });
    }
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(store.calls).toHaveLength(2);
  });

  it('a call ended by the caller (abort) or by close() says nothing about the store', async () => {
    const { lines, logger } = recordingLogger();
    const { store, client } = setup({ retry: { attempts: 1 }, breaker: { failureThreshold: 1 }, logger });
    await client.get('jwt-signing-key');
    // A previous-version call carries its caller's signal, so aborting it ends the store call.
    store.faults.push('hang');
    const controller = new AbortController();
    const aborted = client
      .secret('jwt-signing-key')
      .versions({ signal: controller.signal })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await aborted).toMatchObject({ code: 'ABORTED' });
    // One failure would have opened the breaker (threshold 1): the store is still asked.
    expect(await client.get('api-token')).toBe(CANARY.token);
    // close() while a call hangs: the call ends with CLOSED, and the breaker neither counts it nor logs.
    store.faults.push('hang');
    const closed = client.get('database').catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    await client.close();
    expect(await closed).toMatchObject({ code: 'CLOSED' });
    expect(lines.map((l) => (l.obj as { event?: string }).event)).not.toContain('breaker_open');
  });

  it('does not count per-secret answers such as NOT_FOUND as store failures', async () => {
    const { store, client } = setup({ retry: { attempts: 1 }, breaker: { failureThreshold: 2 } });
    store.secretErrors.set('api-token', 'NOT_FOUND');
    for (let i = 0; i < 4; i++)
      await expect(client.get('api-token')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(store.calls).toHaveLength(4);
  });
});

describe('abort and timeout', () => {
  it('a call times out on the fake clock when the store hangs, without blocking other waiters', async () => {
    const { clock, store, client } = setup({ timeoutMs: 5_000, retry: { attempts: 1 } });
    store.faults.push('hang');
    const short = client.get('api-token', { timeoutMs: 1_000 }).catch((e: unknown) => e);
    const long = client.get('api-token').catch((e: unknown) => e);
    await clock.advance(1_000);
    expect(await short).toMatchObject({ code: 'TIMEOUT', secret: 'api-token' });
    await clock.advance(4_000);
    expect(await long).toMatchObject({ code: 'TIMEOUT' });
    expect(store.calls).toHaveLength(1);
    expect(await client.get('api-token')).toBe(CANARY.token);
  });

  it('an AbortSignal rejects the caller with ABORTED', async () => {
    const { store, client } = setup();
    store.faults.push('hang');
    const controller = new AbortController();
    const pending = client.get('api-token', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await pending).toMatchObject({ code: 'ABORTED', secret: 'api-token' });
    const already = client.get('jwt-signing-key', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(await already).toMatchObject({ code: 'ABORTED' });
  });

  it('preload honours its timeout', async () => {
    const { clock, store, client } = setup({ retry: { attempts: 1 } });
    store.faults.push('hang');
    const pending = client.preload({ timeoutMs: 2_000 }).catch((e: unknown) => e);
    await clock.advance(2_000);
    expect(await pending).toMatchObject({ code: 'TIMEOUT' });
  });

  it('close() aborts work in flight', async () => {
    const { store, client } = setup();
    store.faults.push('hang');
    const pending = client.get('api-token').catch((e: unknown) => e);
    await client.close();
    expect(await pending).toMatchObject({ code: 'CLOSED' });
  });
});
