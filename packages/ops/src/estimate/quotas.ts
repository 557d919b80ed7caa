/**
 * Quotas the estimate compares against: the documented per-region defaults of the read APIs. The
 * list prices are the defaults of the `--price-*` flags, declared with the CLI's options.
 */
export const QUOTAS = {
  /** GetSecretValue requests per second per region (raised to 10,000 in March 2025). */
  getSecretValueRps: 10_000,
  /** BatchGetSecretValue requests per second per region (not adjustable). */
  batchGetSecretValueRps: 100,
  /** Secrets one BatchGetSecretValue call returns at most. */
  batchSize: 20,
} as const;

/** Seconds in the 30-day month the estimate bills. */
export const MONTH_SECONDS = 30 * 86_400;
