import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { SecretsError } from '../src/errors.js';
import type {
  FetchRequest,
  FetchResult,
  Provider,
  RawValue,
  SecretClient,
  SecretClientOptions,
  SecretVersions,
} from '../src/types.js';
import { expectNoCanary, recordingLogger } from './helpers/canary.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

type Shop = {
  database: { url: string; password: string; port: number };
  'jwt-signing-key': string;
  'api-token': string;
};

const HOUR = 3_600_000;
const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

/** A client over `store` with one attempt per call; `withLogger: false` leaves the logger out. */
function setup(options: SecretClientOptions = {}, store: Provider = shopStore(), withLogger = true) {
  const clock = new FakeClock();
  const { lines, logger } = recordingLogger();
  const client = createSecretClient<Shop>(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    clock,
    random: seededRandom(11),
    metrics: false,
    ...(withLogger ? { logger } : {}),
    retry: { attempts: 1 },
    ...options,
  });
  clients.push(client);
  const events = (name: string) => lines.filter((l) => (l.obj as { event?: string }).event === name);
  return { clock, client, lines, events };
}

function shopStore(): ScriptedProvider {
  return new ScriptedProvider()
    .set('database', 'v1', JSON.stringify({ url: CANARY.url, password: CANARY.password }))
    .set('jwt-signing-key', 'j1', CANARY.jwt)
    .set('api-token', 't1', CANARY.token);
}

/** A custom provider (the Provider interface is public) whose every call answers with `answer`. */
function customProvider(
  answer: (requests: readonly FetchRequest[]) => Promise<readonly FetchResult[]>,
): Provider & { calls: number } {
  const provider = {
    name: 'custom-store',
    maxBatchSize: 20,
    calls: 0,
    fetch(requests: readonly FetchRequest[]) {
      provider.calls++;
      return answer(requests);
    },
  };
  return provider;
}

const healthOf = (client: SecretClient<object>, name: string) =>
  client.health().secrets.find((s) => s.secret === name);

describe('a custom provider that misbehaves', () => {
  it('a fetch that throws a foreign error: UNAVAILABLE per secret, naming the provider, nothing of the error copied', async () => {
    const provider = customProvider(() => Promise.reject(new TypeError(`socket said ${CANARY.password}`)));
    const { client } = setup({}, provider);
    const error = await client.get('api-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretsError);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      secret: 'api-token',
      provider: 'custom-store',
    });
    expect((error as Error).message).toContain('custom-store');
    expectNoCanary(`${(error as Error).message} ${JSON.stringify(error)} ${inspect(error)}`);
  });

  it('an answer with fewer results than requests: MALFORMED_RESPONSE naming the provider and both counts', async () => {
    const { client } = setup(
      {},
      customProvider(() => Promise.resolve([])),
    );
    const error = await client.get('api-token').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'MALFORMED_RESPONSE',
      secret: 'api-token',
      provider: 'custom-store',
    });
    expect((error as Error).message).toContain('custom-store: returned 0 results for 1 requests');
  });

  it('a value of a shape no decoder knows: VALIDATION_FAILED naming the secret, not a TypeError', async () => {
    const shapeless = { kind: 'fields' } as unknown as RawValue;
    const { client } = setup(
      {},
      customProvider((requests) =>
        Promise.resolve(requests.map(() => ({ ok: true, version: { versionId: 'x1', value: shapeless } }))),
      ),
    );
    const error = await client.get('api-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretsError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', secret: 'api-token' });
    expect((error as Error).message).toContain('"api-token"');
  });

  it('a decoding failure reaches the caller as the decoder reported it: field pointer and rule kept', async () => {
    const store = shopStore().set('database', 'v1', JSON.stringify({ url: CANARY.url, password: 'short' }));
    const { client } = setup({}, store);
    await expect(client.get('database')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      secret: 'database',
      field: '/password',
      rule: 'minLength',
    });
  });
});

describe('states, health and log events', () => {
  it('a cold load that fails: state failed and load_failed logged with secret, provider and code', async () => {
    const store = shopStore();
    store.secretErrors.set('api-token', 'ACCESS_DENIED');
    const { client, events } = setup({}, store);
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(healthOf(client, 'api-token')).toMatchObject({ state: 'failed', lastErrorCode: 'ACCESS_DENIED' });
    expect(events('load_failed').map((l) => [l.level, l.obj])).toEqual([
      ['warn', { event: 'load_failed', secret: 'api-token', provider: 'scripted', code: 'ACCESS_DENIED' }],
    ]);
  });

  it('a failed refresh logs stale_serve with secret, provider and code', async () => {
    const store = shopStore();
    const { clock, client, events } = setup({ cacheTtlMs: 10_000 }, store);
    await client.get('api-token');
    store.secretErrors.set('api-token', 'THROTTLED');
    await clock.advance(9_000);
    expect(events('stale_serve')[0]?.obj).toEqual({
      event: 'stale_serve',
      secret: 'api-token',
      provider: 'scripted',
      code: 'THROTTLED',
    });
  });

  it('a value dropped at its staleness bound: state failed, no age, no version', async () => {
    const store = shopStore();
    const { clock, client, events } = setup({ cacheTtlMs: 10_000, maxStalenessMs: 20_000 }, store);
    await client.get('api-token');
    store.secretErrors.set('api-token', 'NOT_FOUND');
    await clock.advance(30_001);
    expect(healthOf(client, 'api-token')).toMatchObject({
      state: 'failed',
      ageMs: undefined,
      versionId: undefined,
      lastErrorCode: 'NOT_FOUND',
    });
    expect(client.health().ready).toBe(false);
    expect(events('value_expired')[0]?.obj).toEqual({
      event: 'value_expired',
      secret: 'api-token',
      provider: 'scripted',
      code: 'NOT_FOUND',
    });
  });

  it('background retries after failed refreshes wait 1 s plus full jitter over 1 s · 2^n', async () => {
    const store = shopStore();
    // A random just under 1: each delay sits at the top of its band, so a wrong exponent shows.
    const { clock, client } = setup({ cacheTtlMs: 10_000, random: () => 0.999 }, store);
    await client.get('api-token');
    store.secretErrors.set('api-token', 'UNAVAILABLE');
    await clock.advance(0);
    const refreshAt = clock.dueIn()[0]!;
    await clock.advance(refreshAt); // the refresh fails: first retry in 1 s + ⌊0.999 · 1 s⌋
    expect(clock.dueIn()[0]).toBe(1_999);
    await clock.advance(1_999); // second failure: 1 s + ⌊0.999 · 2 s⌋
    expect(clock.dueIn()[0]).toBe(2_998);
    await clock.advance(2_998); // third: 1 s + ⌊0.999 · 4 s⌋
    expect(clock.dueIn()[0]).toBe(4_996);
  });

  it('current() while cold names the secret and says how to load it', () => {
    const { client } = setup();
    expect(() => client.secret('api-token').current()).toThrowError(/"api-token".*preload\(\)/);
  });

  it('after close(): CLOSED naming the secret, and no request reaches the store', async () => {
    const store = shopStore();
    const { client } = setup({}, store);
    await client.close();
    const error = await client.get('api-token').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CLOSED', secret: 'api-token' });
    expect((error as Error).message).toContain('"api-token"');
    expect(store.calls).toHaveLength(0);
  });

  it('a per-call timeout on a cold get leaves no timer behind once the value arrives', async () => {
    const { clock, client } = setup();
    await client.secret('api-token').get({ timeoutMs: 5_000 });
    await clock.advance(0);
    // Only the client's single scheduler timer (the refresh) remains.
    expect(clock.pending).toBe(1);
  });
});

describe('onChange listeners', () => {
  it('a listener that throws does not stop the next one nor the rotation, and is logged as listener_failed', async () => {
    const store = shopStore();
    const { client, lines, events } = setup({}, store);
    const handle = client.secret('api-token');
    await handle.get();
    const seen: string[] = [];
    handle.onChange(() => {
      throw new Error(`listener choked on ${CANARY.token}`);
    });
    handle.onChange(({ current }) => seen.push(current.versionId));
    store.set('api-token', 't2', 'rotated-token-value');
    expect(await handle.refresh()).toBe('rotated-token-value');
    expect(seen).toEqual(['t2']);
    expect(healthOf(client, 'api-token')).toMatchObject({ state: 'fresh', versionId: 't2' });
    expect(events('listener_failed').map((l) => [l.level, l.obj])).toEqual([
      ['error', { event: 'listener_failed', secret: 'api-token' }],
    ]);
    expectNoCanary(JSON.stringify(lines));
  });

  it('a listener that throws in a client without a logger changes nothing either', async () => {
    const store = shopStore();
    const { client } = setup({}, store, false);
    const handle = client.secret('api-token');
    await handle.get();
    handle.onChange(() => {
      throw new Error('listener failed');
    });
    store.set('api-token', 't2', 'rotated-token-value');
    expect(await handle.refresh()).toBe('rotated-token-value');
    expect(healthOf(client, 'api-token')).toMatchObject({ state: 'fresh', lastErrorCode: undefined });
  });
});

describe('previous versions', () => {
  function rotated(withLogger = true) {
    const store = shopStore();
    const setupResult = setup({}, store, withLogger);
    const created = setupResult.clock.now();
    store.set('jwt-signing-key', 'old', CANARY.jwt, 'previous', created - HOUR);
    store.set('jwt-signing-key', 'new', CANARY.jwtNext, 'current', created);
    const previousCalls = () => store.calls.filter((c) => c[0]?.stage === 'previous').length;
    return { ...setupResult, store, previousCalls, handle: setupResult.client.secret('jwt-signing-key') };
  }

  it('once the overlap is over, versions() asks the store for no previous version', async () => {
    const { clock, handle, previousCalls } = rotated();
    expect((await handle.versions()).previous?.versionId).toBe('old');
    expect(previousCalls()).toBe(1);
    await clock.advance(HOUR + 1);
    expect((await handle.versions()).previous).toBeUndefined();
    expect(previousCalls()).toBe(1);
  });

  it('tryEach does not fall back to a previous version whose overlap ended while the current one was tried', async () => {
    const { clock, handle } = rotated();
    const tried: string[] = [];
    const result = handle.tryEach(async (_key, versionId) => {
      tried.push(versionId);
      if (versionId === 'new') {
        await clock.advance(HOUR + 1);
        throw new Error('signature mismatch with new');
      }
      return versionId;
    });
    await expect(result).rejects.toThrow('signature mismatch with new');
    expect(tried).toEqual(['new']);
  });

  it('fetching the previous version leaves no timer behind', async () => {
    const { clock, handle } = rotated();
    await handle.versions();
    await clock.advance(0);
    expect(clock.pending).toBe(1);
  });

  it('a client without a logger answers versions() when the previous version is invalid or unavailable', async () => {
    const { store, handle } = rotated(false);
    store.set('jwt-signing-key', 'old', 'short', 'previous');
    const invalid: SecretVersions<string> = await handle.versions();
    expect(invalid.previous).toBeUndefined();
    handle.invalidate();
    await handle.get();
    store.faults.push('UNAVAILABLE'); // the previous-stage call of the next versions() fails
    expect((await handle.versions()).current.versionId).toBe('new');
  });
});

describe('the circuit breaker as the loader drives it', () => {
  it('a batch where only some secrets fail is an answer from the store, not a store failure', async () => {
    const store = shopStore();
    store.secretErrors.set('api-token', 'UNAVAILABLE');
    const { client } = setup({ breaker: { failureThreshold: 1, cooldownMs: 10_000 } }, store);
    const results = await Promise.allSettled([client.get('api-token'), client.get('jwt-signing-key')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await client.get('database')).toMatchObject({ password: CANARY.password });
  });

  it('a circuit-open error names the secret, the provider and when the next probe goes', async () => {
    const store = shopStore();
    store.faults.push('UNAVAILABLE');
    const { client } = setup({ breaker: { failureThreshold: 1, cooldownMs: 10_000 } }, store);
    await expect(client.get('api-token')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const error = await client.get('database').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CIRCUIT_OPEN', secret: 'database', provider: 'scripted' });
    expect((error as Error).message).toContain('next probe in 10000 ms');
  });

  it('a deadline that falls during the backoff wait ends the call: no request after it', async () => {
    const store = shopStore();
    store.secretErrors.set('api-token', 'UNAVAILABLE');
    const { clock, client } = setup(
      { timeoutMs: 1_000, retry: { attempts: 3, baseMs: 5_000, capMs: 5_000 }, random: () => 0.5 },
      store,
    );
    const pending = client.get('api-token').catch((e: unknown) => e);
    await clock.advance(1_000); // the deadline, halfway through the 2.5 s wait before the retry
    await clock.advance(5_000);
    expect(await pending).toMatchObject({ code: 'UNAVAILABLE' });
    expect(store.calls).toHaveLength(1);
  });
});
