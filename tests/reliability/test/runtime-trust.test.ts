import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  createAwsProvider,
  createSecretClient,
  type Provider,
  type SecretClient,
  type SecretVersions,
} from '@locksmith/sdk-node';
import { type FakeSecretsManager, startFakeSecretsManager } from '@locksmith/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { extraName, type StoreKind, serviceDescriptor } from './support/descriptors.js';
import { type Scenario, startScenario } from './support/harness.js';

/**
 * The runtime's trust guarantees end to end: real AWS SDK and node-vault clients against the
 * testkit's fake stores, counted at the fakes. (sdk-node's own tests prove each rule in isolation.)
 */
let scenario: Scenario | undefined;
let fake: FakeSecretsManager | undefined;
const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await scenario?.close();
  await fake?.close();
  scenario = fake = undefined;
});

const HOUR = 3_600_000;
const token = (n: number) => `rotation-token-${n}-0123456789abcdef`;

describe('a SecretsManagerClient built by the caller', () => {
  it('keeps its own retry settings, yet one cold get() costs the runtime attempts only (3, not 9)', async () => {
    fake = await startFakeSecretsManager();
    fake.store.set('reliability/test/token', token(1));
    fake.faults.inject({ error: '500', times: Number.POSITIVE_INFINITY });
    // The SDK's defaults: maxAttempts 3 with its own backoff.
    const sdk = new SecretsManagerClient({
      endpoint: fake.endpoint,
      region: fake.region,
      credentials: fake.credentials,
    });
    const client = createSecretClient<{ token: string }>(serviceDescriptor('aws'), {
      environment: 'test',
      providers: { aws: createAwsProvider({ client: sdk }) },
      retry: { attempts: 3, baseMs: 1, capMs: 2 },
      metrics: false,
    });
    clients.push(client);
    await expect(client.get('token')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(fake.requests.count('GetSecretValue')).toBe(3);
    sdk.destroy();
  });
});

describe('the circuit breaker and the call deadline', () => {
  it('a store that accepts connections and never answers opens the breaker', async () => {
    fake = await startFakeSecretsManager();
    fake.store.set('reliability/test/token', token(1));
    fake.faults.inject({ error: 'hang', times: Number.POSITIVE_INFINITY });
    // The SDK's socket timeout is far away: only the runtime's deadline ends these calls.
    const aws = createAwsProvider({
      endpoint: fake.endpoint,
      region: fake.region,
      credentials: fake.credentials,
      requestTimeoutMs: 60_000,
    });
    let calls = 0;
    const counted: Provider = {
      ...aws,
      fetch: (requests, signal) => {
        calls++;
        return aws.fetch(requests, signal);
      },
    };
    const client = createSecretClient<{ token: string }>(serviceDescriptor('aws'), {
      environment: 'test',
      providers: { aws: counted },
      timeoutMs: 150,
      retry: { attempts: 1 },
      breaker: { failureThreshold: 2, cooldownMs: 60_000 },
      metrics: false,
    });
    clients.push(client);
    for (let i = 0; i < 2; i++) await expect(client.get('token')).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(client.get('token')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(calls).toBe(2);
    await aws.close?.();
  });
});

describe.each(['aws', 'vault'] as const satisfies readonly StoreKind[])('rotation overlap on %s', (store) => {
  /** A scenario whose token has a one-hour overlap and a TTL of `ttlMs`; v1 loaded. */
  async function rotating(ttlMs: number) {
    const s = await startScenario(store, {
      descriptor: { tokenOverlapMs: HOUR },
      client: { cacheTtlMs: ttlMs, maxStalenessMs: 24 * HOUR },
    });
    scenario = s;
    s.seed('token', token(1));
    s.seed('db', { url: 'postgres://db.internal/x', password: 'password-0123456789', rev: 'r1' });
    await s.clock.until(s.client.preload());
    const seen: SecretVersions<string>[] = [];
    s.client.secret('token').onChange((v) => seen.push(v));
    return { s, seen };
  }

  it('the previous version is offered until the store created the new one plus the overlap', async () => {
    const { s, seen } = await rotating(60_000);
    const rotatedAt = s.clock.now();
    s.seed('token', token(2));
    await s.clock.run(60_000);
    expect(seen.map((v) => v.current.value)).toEqual([token(2)]);
    expect(seen[0]?.previous?.value).toBe(token(1));
    const versions = await s.clock.until(s.client.secret('token').versions());
    expect(versions.current.createdAt?.getTime()).toBe(rotatedAt);
    expect(versions.previous?.offeredUntil?.getTime()).toBe(rotatedAt + HOUR);
    await s.clock.run(HOUR);
    expect((await s.clock.until(s.client.secret('token').versions())).previous).toBeUndefined();
  });

  it('a rotation seen two hours late (long TTL) offers no previous version: the overlap ran from the store date', async () => {
    const { s, seen } = await rotating(3 * HOUR);
    s.seed('token', token(2));
    await s.clock.run(3 * HOUR);
    expect(s.client.secret('token').current()).toBe(token(2));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.previous).toBeUndefined();
    expect((await s.clock.until(s.client.secret('token').versions())).previous).toBeUndefined();
    expect(await s.clock.until(s.client.secret('token').tryEach((key) => key))).toBe(token(2));
  });
});

describe('batched refresh', () => {
  it('102 warm secrets of one AWS store refresh in ⌈102/20⌉ = 6 BatchGetSecretValue requests per round', async () => {
    const TTL = 5 * 60_000;
    const s = await startScenario('aws', { descriptor: { extraSecrets: 100 }, client: { cacheTtlMs: TTL } });
    scenario = s;
    s.seed('token', token(1));
    s.seed('db', { url: 'postgres://db.internal/x', password: 'password-0123456789', rev: 'r1' });
    for (let i = 0; i < 100; i++) s.seed(extraName(i), `extra-value-${i}-0123456789`);
    await s.clock.until(s.client.preload());
    const aws = s.aws!;
    const start = s.clock.now();
    aws.requests.clear();
    await s.clock.run(10 * TTL);
    const rounds = new Map<number, number>();
    for (const e of aws.requests.entries()) rounds.set(e.at, (rounds.get(e.at) ?? 0) + 1);
    // token, db and 100 extras: 6 batch calls a round (bench/ measures 100 alone: 5), once per
    // refresh interval — against 102 GetSecretValue calls a round without batching.
    expect(aws.requests.count('GetSecretValue')).toBe(0);
    expect([...rounds.values()].every((calls) => calls === 6)).toBe(true);
    expect(rounds.size).toBeGreaterThanOrEqual(Math.floor((10 * TTL) / (0.9 * TTL)));
    expect(rounds.size).toBeLessThanOrEqual(Math.ceil((10 * TTL) / (0.7 * TTL)));
    expect([...rounds.keys()][0]! - start).toBeGreaterThanOrEqual(0.7 * TTL);
  });
});
