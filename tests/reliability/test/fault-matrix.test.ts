import { inspect } from 'node:util';
import { isSecretsError } from '@locksmith/sdk-node';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MATRIX, type Outcome, TTL_MS } from './support/fault-matrix-rows.js';
import { applySetup, type FaultSetup, GOOD_DB, GOOD_TOKEN } from './support/fault-setups.js';
import { type Scenario, startScenario } from './support/harness.js';
import { printTable } from './support/table.js';

/**
 * The fault matrix: every fault kind × every store it applies to, with the outcome the runtime
 * promises and the most store requests it may cost. `cold` rows break the first read of a secret;
 * `warm` rows break the store after a good load and look one TTL later (refresh-ahead fails).
 * Requests are counted from the fakes' request logs (provider calls for env and files), after the
 * client has logged in by loading the other secret.
 */

const printed: string[][] = [];
let scenario: Scenario | undefined;

afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

afterAll(() => {
  printTable(['fault', 'store', 'phase', 'expected', 'got', 'requests', 'budget'], printed);
});

const cases = MATRIX.flatMap((row) => row.stores.map((store) => ({ row, store })));

describe('fault matrix', () => {
  it.each(cases.map((c) => [`${c.row.fault} · ${c.store} · ${c.row.phase}`, c] as const))(
    '%s',
    async (_name, { row, store }) => {
      const s = await startScenario(store, {
        // Only hang rows need a short socket timeout; elsewhere a slow CI machine must not turn a
        // normal answer into a timeout and an extra request.
        requestTimeoutMs: isHang(row.setup) ? 50 : 2000,
        client: { cacheTtlMs: TTL_MS },
        ...(row.vaultAuth ? { vaultAuth: row.vaultAuth } : {}),
      });
      scenario = s;
      s.seed('token', GOOD_TOKEN);
      s.seed('db', GOOD_DB);
      // Cold rows log in by loading the other secret; warm rows load only the row's secret, so its
      // refreshes are the only traffic in the window.
      const warmUp = row.phase === 'warm' ? row.secret : row.secret === 'token' ? 'db' : 'token';
      await s.clock.until(s.client.get(warmUp));
      await applySetup(s, row.secret, row.setup);
      const before = s.storeRequests();

      let got: string;
      if (row.phase === 'cold') {
        const outcome = await s.clock.until(s.client.get(row.secret)).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        if (outcome.ok) {
          got = 'value';
          expect(outcome.value).toEqual(row.secret === 'token' ? GOOD_TOKEN : GOOD_DB);
        } else {
          if (!isSecretsError(outcome.error)) throw outcome.error;
          got = outcome.error.code;
          expectNoValue(outcome.error);
        }
      } else {
        await s.clock.run(TTL_MS);
        const value = await s.client.get(row.secret);
        expect(value).toEqual(row.secret === 'token' ? GOOD_TOKEN : GOOD_DB);
        const health = s.client.health().secrets.find((h) => h.secret === row.secret);
        got = `value (${health?.state ?? '?'}, ${health?.lastErrorCode ?? '-'})`;
        expect(health?.state).toBe('stale');
      }
      const requests = s.storeRequests() - before;
      printed.push([
        row.fault,
        store,
        row.phase,
        describeOutcome(row.expect),
        got,
        String(requests),
        `≤ ${row.maxRequests}`,
      ]);

      if (row.expect === 'value after retry') expect(got).toBe('value');
      else if (Array.isArray(row.expect)) expect(row.expect).toContain(got);
      expect(requests).toBeGreaterThanOrEqual(1);
      expect(requests).toBeLessThanOrEqual(row.maxRequests);
    },
  );
});

function isHang(setup: FaultSetup): boolean {
  return 'fault' in setup && setup.fault === 'hang';
}

function describeOutcome(outcome: Outcome): string {
  return typeof outcome === 'string' ? outcome : outcome.join(' | ');
}

/** An error must name the secret and code, never the value. */
function expectNoValue(error: Error): void {
  const text = `${error.message} ${inspect(error, { depth: 8 })} ${JSON.stringify(error)}`;
  for (const value of [GOOD_TOKEN, GOOD_DB.password, GOOD_DB.url]) expect(text).not.toContain(value);
}
