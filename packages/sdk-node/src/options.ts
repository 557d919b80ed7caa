import type { Backoff } from './resilience/backoff.js';
import type { BreakerPolicy } from './resilience/breaker.js';
import type { SecretClientOptions } from './types.js';

/** Defaults of every tunable (docs/runtime.md lists the same numbers). */
export const DEFAULTS = Object.freeze({
  cacheTtlMs: 5 * 60_000,
  maxStalenessMs: 60 * 60_000,
  timeoutMs: 10_000,
  retry: Object.freeze({ attempts: 3, baseMs: 100, capMs: 2_000 }),
  breaker: Object.freeze({ failureThreshold: 5, cooldownMs: 30_000 }),
});

/** Options with defaults applied and checked. */
export interface ResolvedOptions {
  readonly maxStalenessMs: number;
  readonly timeoutMs: number;
  readonly retry: Backoff;
  readonly breaker: BreakerPolicy;
}

export function resolveOptions(options: SecretClientOptions): ResolvedOptions {
  return {
    maxStalenessMs: options.maxStalenessMs ?? DEFAULTS.maxStalenessMs,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    retry: {
      attempts: Math.max(1, options.retry?.attempts ?? DEFAULTS.retry.attempts),
      baseMs: options.retry?.baseMs ?? DEFAULTS.retry.baseMs,
      capMs: options.retry?.capMs ?? DEFAULTS.retry.capMs,
    },
    breaker: {
      failureThreshold: Math.max(1, options.breaker?.failureThreshold ?? DEFAULTS.breaker.failureThreshold),
      cooldownMs: options.breaker?.cooldownMs ?? DEFAULTS.breaker.cooldownMs,
    },
  };
}
