import { DEFAULTS } from '@locksmith/sdk-node';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dbValue, type StoreKind } from './support/descriptors.js';
import { type Scenario, startScenario } from './support/harness.js';
import { printTable } from './support/table.js';

/**
 * Outage soak on the simulated clock, with the runtime's default settings: a warm service, the
 * store answers 503 to everything for 10 minutes, then comes back.
 *
 * Bound on store calls during the outage, for S secrets behind one store (one breaker):
 *
 *   calls ≤ F + (S − 1) + ⌈D / C⌉ + 1
 *
 * F = breaker.failureThreshold (5) failed calls open the breaker; S − 1 calls may already be in
 * flight when it opens; afterwards at most one probe per cooldown C (30 s) goes through over the
 * outage D (600 s), plus one at the edge. Retries inside a call (retry.attempts = 3) and the
 * refresh backoff (1 s base, 60 s cap, full jitter) only ever ask the breaker first, so they add
 * nothing once it is open. With the defaults: 5 + 1 + 20 + 1 = 27 calls for 10 minutes.
 * A call carries the secrets due together (batched refresh): one HTTP request on AWS
 * (BatchGetSecretValue), one per secret on Vault, which has no batch read — so HTTP requests
 * ≤ calls on AWS and ≤ S · calls on Vault.
 *
 * Recovery: after the store is back, the next refresh attempt comes at most one backoff step
 * (≤ 61 s) later; if it finds the breaker still cooling down it fails fast and the next one comes
 * ≤ 61 s later again. Both are inside one refresh interval (≥ 0.7 · TTL = 210 s), which is what
 * the test asserts.
 */
const OUTAGE_MS = 10 * 60_000;
const STEP_MS = 5_000;
const SECRETS = 2;
const TTL_MS = DEFAULTS.cacheTtlMs;
const { failureThreshold, cooldownMs } = DEFAULTS.breaker;
const CALL_BOUND = failureThreshold + (SECRETS - 1) + Math.ceil(OUTAGE_MS / cooldownMs) + 1;
const requestBound = (store: StoreKind) => (store === 'aws' ? CALL_BOUND : SECRETS * CALL_BOUND);
const RECOVERY_BOUND_MS = 0.7 * TTL_MS;

const report: string[][] = [];
let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

afterAll(() => {
  printTable(
    [
      'store',
      'get() calls',
      'failed',
      'store calls',
      'bound',
      'HTTP requests',
      'bound',
      'recovered after',
      'bound',
    ],
    report,
  );
});

describe('outage soak', () => {
  it.each(['aws', 'vault'] as const satisfies readonly StoreKind[])(
    '%s: 10 simulated minutes down, no failed get(), bounded requests, recovery within one refresh interval',
    async (store) => {
      const s = await startScenario(store);
      scenario = s;
      const token = 'canary-soak-token-1234567890';
      const db = dbValue('r1');
      s.seed('token', token);
      s.seed('db', db);
      await s.clock.until(s.client.preload());
      // Warm for a while so refresh timers are spread out as in a running service.
      await s.clock.run(2 * TTL_MS);
      const fake = s.aws ?? s.vault;
      if (!fake) throw new Error('soak needs a fake store');

      const start = s.clock.now();
      const callsBefore = s.storeCalls();
      fake.faults.outage({ fromMs: 0, toMs: OUTAGE_MS });
      let failedGets = 0;
      let gets = 0;
      let notReady = 0;
      while (s.clock.now() < start + OUTAGE_MS) {
        await s.clock.run(STEP_MS);
        for (const name of ['token', 'db'] as const) {
          gets++;
          const value = await s.client.get(name).catch(() => undefined);
          if (value === undefined) failedGets++;
          else expect(value).toEqual(name === 'token' ? token : db);
        }
        if (!s.client.health().ready) notReady++;
      }
      const end = start + OUTAGE_MS;
      const calls = s.storeCalls() - callsBefore;
      const during = fake.requests.entries().filter((e) => e.at >= start && e.at < end);
      expect(during.every((e) => e.status === 503)).toBe(true);
      expect(s.client.health().secrets.some((h) => h.state === 'stale')).toBe(true);

      // The store is back: every secret must be fresh again within one refresh interval.
      let recoveredAfter: number | undefined;
      while (s.clock.now() < end + RECOVERY_BOUND_MS) {
        await s.clock.run(1_000);
        if (s.client.health().secrets.every((h) => h.state === 'fresh')) {
          recoveredAfter = s.clock.now() - end;
          break;
        }
      }
      report.push([
        store,
        String(gets),
        String(failedGets),
        String(calls),
        `≤ ${CALL_BOUND}`,
        String(during.length),
        `≤ ${requestBound(store)}`,
        recoveredAfter === undefined ? 'never' : `${recoveredAfter / 1000} s`,
        `≤ ${RECOVERY_BOUND_MS / 1000} s`,
      ]);
      expect(failedGets).toBe(0);
      expect(notReady).toBe(0);
      expect(during.length).toBeGreaterThan(0);
      expect(calls).toBeLessThanOrEqual(CALL_BOUND);
      expect(during.length).toBeLessThanOrEqual(requestBound(store));
      expect(recoveredAfter).toBeDefined();
      expect(await s.client.get('token')).toBe(token);
    },
  );
});
