import { inspect } from 'node:util';
import { isSecretsError, type SecretsErrorCode } from '@locksmith/sdk-node';
import type { FaultKind } from '@locksmith/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StoreKind } from './support/descriptors.js';
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
type Outcome = 'value after retry' | 'stale value' | readonly SecretsErrorCode[];

interface MatrixRow {
  readonly fault: string;
  readonly stores: readonly StoreKind[];
  readonly secret: 'token' | 'db';
  readonly phase: 'cold' | 'warm';
  readonly setup: FaultSetup;
  readonly expect: Outcome;
  readonly maxRequests: number;
  /** Vault auth for the row (a static token cannot log in again). */
  readonly vaultAuth?: 'token';
}

/** The TTL every row runs with; warm rows look once it has passed. */
const TTL_MS = 60_000;
/**
 * Budget of a warm row whose refreshes fail with a non-retryable code: the first refresh goes at
 * ≥ 0.7·TTL (80% ± 10% jitter), each failed refresh waits ≥ 1 s (refresh backoff base) before the
 * next, and we look at TTL: at most 1 + (0.3·TTL / 1 s) refreshes of one request each.
 */
const WARM_NON_RETRYABLE = 1 + (0.3 * TTL_MS) / 1000;
/** Budget of a warm row whose refreshes fail retryably: the breaker opens after 5 failed calls
 * and stays open for 30 s, longer than the 0.3·TTL window. */
const WARM_RETRYABLE = 5;

const once = (fault: FaultKind): FaultSetup => ({ fault, times: 'once' });
const always = (fault: FaultKind): FaultSetup => ({ fault, times: 'always' });
const FAKES: readonly StoreKind[] = ['aws', 'vault'];
const ALL: readonly StoreKind[] = ['aws', 'vault', 'env', 'files'];

const MATRIX: readonly MatrixRow[] = [
  {
    fault: 'throttling',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: once('throttle'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: '500',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: once('500'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: '503 sealed',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: once('sealed'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: 'connection reset',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: once('reset'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: 'hang past timeout',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: once('hang'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: 'malformed body',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: once('malformed'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: 'truncated body',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: once('truncated'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: 'access denied',
    stores: ['aws'],
    secret: 'token',
    phase: 'cold',
    setup: always('denied'),
    expect: ['ACCESS_DENIED'],
    maxRequests: 1,
  },
  // Vault answers 403 for a bad token too: the provider logs in once more, then gives up.
  {
    fault: 'access denied',
    stores: ['vault'],
    secret: 'token',
    phase: 'cold',
    setup: always('denied'),
    expect: ['ACCESS_DENIED'],
    maxRequests: 3,
  },
  {
    fault: 'not found',
    stores: FAKES,
    secret: 'token',
    phase: 'cold',
    setup: always('not-found'),
    expect: ['NOT_FOUND'],
    maxRequests: 1,
  },
  {
    fault: 'not found',
    stores: ['env', 'files'],
    secret: 'token',
    phase: 'cold',
    setup: { action: 'remove' },
    expect: ['NOT_FOUND'],
    maxRequests: 1,
  },
  {
    fault: 'decryption failure',
    stores: ['aws'],
    secret: 'token',
    phase: 'cold',
    setup: { action: 'undecryptable' },
    expect: ['DECRYPTION_FAILED'],
    maxRequests: 1,
  },
  // Vault has no per-secret key: a failed decrypt is its internal 500, retried like any 500.
  {
    fault: 'decryption failure',
    stores: ['vault'],
    secret: 'token',
    phase: 'cold',
    setup: once('decryption'),
    expect: 'value after retry',
    maxRequests: 2,
  },
  {
    fault: 'marked for deletion',
    stores: ['aws'],
    secret: 'token',
    phase: 'cold',
    setup: { action: 'marked-for-deletion' },
    expect: ['MARKED_FOR_DELETION'],
    maxRequests: 1,
  },
  {
    fault: 'marked for deletion',
    stores: ['vault'],
    secret: 'token',
    phase: 'cold',
    setup: { action: 'marked-for-deletion' },
    expect: ['NOT_FOUND'],
    maxRequests: 1,
  },
  {
    fault: 'token expired',
    stores: ['aws'],
    secret: 'token',
    phase: 'cold',
    setup: always('expired-token'),
    expect: ['AUTH_FAILED'],
    maxRequests: 1,
  },
  // AppRole: the 403 triggers one fresh login, then the read succeeds.
  {
    fault: 'token expired',
    stores: ['vault'],
    secret: 'token',
    phase: 'cold',
    setup: once('expired-token'),
    expect: 'value after retry',
    maxRequests: 3,
  },
  {
    fault: 'token revoked',
    stores: ['vault'],
    secret: 'token',
    phase: 'cold',
    setup: { action: 'revoke-token' },
    expect: ['ACCESS_DENIED', 'AUTH_FAILED'],
    maxRequests: 1,
    vaultAuth: 'token',
  },
  {
    fault: 'schema-invalid value',
    stores: ALL,
    secret: 'token',
    phase: 'cold',
    setup: { action: 'invalid-value' },
    expect: ['VALIDATION_FAILED'],
    maxRequests: 1,
  },
  {
    fault: 'wrong type',
    stores: ALL,
    secret: 'db',
    phase: 'cold',
    setup: { action: 'wrong-type' },
    expect: ['VALIDATION_FAILED'],
    maxRequests: 1,
  },
  {
    fault: 'binary where a string was expected',
    stores: ['aws'],
    secret: 'token',
    phase: 'cold',
    setup: { action: 'binary-value' },
    expect: ['VALIDATION_FAILED'],
    maxRequests: 1,
  },
  // Warm: refresh-ahead fails; callers keep the last good value. Retryable faults stop at the breaker.
  {
    fault: '500 (standing)',
    stores: FAKES,
    secret: 'token',
    phase: 'warm',
    setup: always('500'),
    expect: 'stale value',
    maxRequests: WARM_RETRYABLE,
  },
  {
    fault: '503 sealed (standing)',
    stores: FAKES,
    secret: 'token',
    phase: 'warm',
    setup: always('sealed'),
    expect: 'stale value',
    maxRequests: WARM_RETRYABLE,
  },
  {
    fault: 'hang past timeout (standing)',
    stores: FAKES,
    secret: 'token',
    phase: 'warm',
    setup: always('hang'),
    expect: 'stale value',
    maxRequests: WARM_RETRYABLE,
  },
  {
    fault: 'access denied (standing)',
    stores: ['aws'],
    secret: 'token',
    phase: 'warm',
    setup: always('denied'),
    expect: 'stale value',
    maxRequests: WARM_NON_RETRYABLE,
  },
  {
    fault: 'schema-invalid value',
    stores: ALL,
    secret: 'token',
    phase: 'warm',
    setup: { action: 'invalid-value' },
    expect: 'stale value',
    maxRequests: WARM_NON_RETRYABLE,
  },
  {
    fault: 'deleted while cached',
    stores: ['aws'],
    secret: 'token',
    phase: 'warm',
    setup: always('not-found'),
    expect: 'stale value',
    maxRequests: WARM_NON_RETRYABLE,
  },
];

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
