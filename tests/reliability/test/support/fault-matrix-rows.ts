import type { SecretsErrorCode } from '@locksmith/sdk-node';
import type { FaultKind } from '@locksmith/testkit';
import type { StoreKind } from './descriptors.js';
import type { FaultSetup } from './fault-setups.js';

/** What a row promises: the value after a retry, the last good value, or one of these typed codes. */
export type Outcome = 'value after retry' | 'stale value' | readonly SecretsErrorCode[];

/** One row of the fault matrix. Data only: the test drives every row the same way. */
export interface MatrixRow {
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
export const TTL_MS = 60_000;
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

/** The fault matrix: every fault kind × every store it applies to. */
export const MATRIX: readonly MatrixRow[] = [
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
