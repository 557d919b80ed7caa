import type { FakeClock } from './clock.js';

/**
 * Every failure a fake can be told to produce. Transport faults act on the socket; the others
 * become the store's own error answer (AWS exception or Vault `errors` body):
 * - `throttle`: AWS `ThrottlingException` (400) / Vault 429 rate limit
 * - `500`: AWS `InternalServiceError` / Vault 500
 * - `503`: AWS `ServiceUnavailable` / Vault 503 (no active node)
 * - `reset`: the connection is destroyed before any byte is sent
 * - `hang`: nothing is ever sent (until the client gives up or the fake closes)
 * - `malformed`: 200 with a body that is not JSON
 * - `truncated`: 200 whose body stops half-way (Content-Length promises more)
 * - `denied`: AWS `AccessDeniedException` / Vault 403 permission denied
 * - `not-found`: AWS `ResourceNotFoundException` / Vault 404
 * - `decryption`: AWS `DecryptionFailure` / Vault 500
 * - `sealed`: Vault 503 "Vault is sealed" / AWS 503
 * - `expired-token`: AWS `ExpiredTokenException` / Vault 403 permission denied
 */
export type FaultKind =
  | 'throttle'
  | '500'
  | '503'
  | 'reset'
  | 'hang'
  | 'malformed'
  | 'truncated'
  | 'denied'
  | 'not-found'
  | 'decryption'
  | 'sealed'
  | 'expired-token';

/** Every fault kind, for tests that walk the whole matrix. */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze([
  'throttle',
  '500',
  '503',
  'reset',
  'hang',
  'malformed',
  'truncated',
  'denied',
  'not-found',
  'decryption',
  'sealed',
  'expired-token',
]);

/** True for a string that names a fault kind (admin API input is checked with it). */
export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Faults that act on the connection rather than on the answer. */
export const TRANSPORT_FAULTS: ReadonlySet<FaultKind> = new Set(['reset', 'hang', 'malformed', 'truncated']);

/** What a fault rule is matched against. */
export interface FaultTarget {
  /** AWS operation (`GetSecretValue`) or Vault operation (`kv.read`). */
  readonly op: string;
  readonly method: string;
  readonly path: string;
  /**
   * The secrets the request names: AWS `SecretId` / every `SecretIdList` entry (as secret names
   * when the fake knows them), or the Vault KV path below the mount. Empty for other requests.
   */
  readonly secretIds?: readonly string[];
}

/** One rule: which requests it hits, how often, and what it does to them. */
export interface FaultRule {
  /** Operation name or pattern; every operation when omitted. */
  readonly op?: string | RegExp;
  /** URL path (or pattern); every path when omitted. */
  readonly path?: string | RegExp;
  /**
   * A secret the request must name: equal to the AWS `SecretId` or one `SecretIdList` entry, or
   * the last segments of a Vault KV path (`api-key` matches `shop/prod/api-key`). A pattern is
   * tested against each id. Every request when omitted.
   */
  readonly secretId?: string | RegExp;
  /** How many matching requests it hits before it retires. Default 1; `Infinity` for a standing fault. */
  readonly times?: number;
  /** The failure to produce; latency only when omitted. */
  readonly error?: FaultKind;
  /** Real (wall-clock) delay before the answer, in ms. Keep it small in tests. */
  readonly latencyMs?: number;
}

/** A live rule: how often it fired, and a way to retire it early. */
export interface FaultHandle {
  readonly hits: number;
  readonly remaining: number;
  /** Resolves when the rule first hits a request (so a test can act while a request hangs). */
  fired(): Promise<void>;
  cancel(): void;
}

/** An outage window on the fake clock, as offsets from the moment `outage()` is called. */
export interface OutageWindow {
  readonly fromMs: number;
  readonly toMs: number;
  /** What requests inside the window get. Default `503`. */
  readonly error?: FaultKind;
}

/** The fault-injection API both fakes share. */
export interface Faults {
  /** Adds a rule; throws RangeError for an unknown kind or a `times` that is not positive. */
  inject(rule: FaultRule): FaultHandle;
  /** Adds real latency to every request: a fixed number of ms, or a function of the request. */
  latency(ms: number | ((target: FaultTarget) => number)): void;
  outage(window: OutageWindow): void;
  /** Removes every rule, latency and outage. */
  clear(): void;
}

/** What the server should do with one request. */
export interface FaultDecision {
  readonly kind: FaultKind | undefined;
  readonly latencyMs: number;
}

/** The server-side half: decides per request. */
export interface FaultEngine extends Faults {
  decide(target: FaultTarget): FaultDecision;
}

interface LiveRule {
  readonly rule: FaultRule;
  remaining: number;
  hits: number;
  readonly firstHit: Promise<void>;
  readonly markHit: () => void;
}

const hit = (pattern: string | RegExp | undefined, value: string): boolean =>
  pattern === undefined || (typeof pattern === 'string' ? pattern === value : pattern.test(value));

/** `name` matches the id itself, or a path or ARN whose last segments are `name`. */
function secretMatches(pattern: string | RegExp | undefined, ids: readonly string[] | undefined): boolean {
  if (pattern === undefined) return true;
  return (ids ?? []).some((id) =>
    typeof pattern === 'string' ? id === pattern || id.endsWith(`/${pattern}`) : pattern.test(id),
  );
}

const matchesTarget = (rule: FaultRule, target: FaultTarget): boolean =>
  hit(rule.op, target.op) && hit(rule.path, target.path) && secretMatches(rule.secretId, target.secretIds);

function checkRule(rule: FaultRule): number {
  if (rule.error !== undefined && !FAULT_KINDS.includes(rule.error)) {
    throw new RangeError(
      `faults.inject: unknown fault kind "${String(rule.error)}" (known: ${FAULT_KINDS.join(', ')})`,
    );
  }
  const times = rule.times ?? 1;
  if (!(times > 0)) throw new RangeError('faults.inject: times must be positive');
  if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0)) {
    throw new RangeError('faults.inject: latencyMs must be a non-negative number');
  }
  return times;
}

/**
 * Creates the fault engine a fake consults for every request. Rules compose: every matching
 * latency rule adds its delay, and the first matching rule that carries an error decides the
 * answer, so a standing latency rule never hides an error rule added after it.
 */
export function createFaults(clock: FakeClock): FaultEngine {
  let rules: LiveRule[] = [];
  let latency: number | ((target: FaultTarget) => number) = 0;
  let outages: { from: number; to: number; error: FaultKind }[] = [];

  const consume = (live: LiveRule): void => {
    live.markHit();
    live.hits += 1;
    live.remaining -= 1;
    if (live.remaining <= 0) rules = rules.filter((r) => r !== live);
  };

  return {
    inject(rule) {
      let markHit = (): void => undefined;
      const firstHit = new Promise<void>((resolve) => {
        markHit = resolve;
      });
      const live: LiveRule = { rule, remaining: checkRule(rule), hits: 0, firstHit, markHit };
      rules.push(live);
      return {
        get hits() {
          return live.hits;
        },
        get remaining() {
          return live.remaining;
        },
        fired: () => live.firstHit,
        cancel() {
          live.remaining = 0;
          rules = rules.filter((r) => r !== live);
        },
      };
    },
    latency(ms) {
      latency = ms;
    },
    outage(window) {
      if (window.error !== undefined) checkRule({ error: window.error });
      const now = clock.now();
      outages.push({ from: now + window.fromMs, to: now + window.toMs, error: window.error ?? '503' });
    },
    clear() {
      rules = [];
      latency = 0;
      outages = [];
    },
    decide(target) {
      let latencyMs = typeof latency === 'number' ? latency : latency(target);
      const now = clock.now();
      const outage = outages.find((o) => now >= o.from && now < o.to);
      if (outage) return { kind: outage.error, latencyMs };
      let kind: FaultKind | undefined;
      for (const live of [...rules]) {
        if (!matchesTarget(live.rule, target)) continue;
        const carriesError = live.rule.error !== undefined;
        // Once an error is chosen, later error rules wait for a later request.
        if (carriesError && kind !== undefined) continue;
        consume(live);
        latencyMs += live.rule.latencyMs ?? 0;
        if (carriesError) kind = live.rule.error;
      }
      return { kind, latencyMs };
    },
  };
}
