/**
 * Prices and quotas the estimate uses, in one place. Prices are AWS Secrets Manager list prices
 * (flags override them); quotas are the documented per-region defaults of the read APIs.
 */
export const PRICES = {
  /** USD per secret per month. */
  awsSecretMonth: 0.4,
  /** USD per 10,000 API calls. */
  awsPer10kCalls: 0.05,
} as const;

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
