/** Resolved retry policy. */
export interface Backoff {
  readonly attempts: number;
  readonly baseMs: number;
  readonly capMs: number;
}

/** "Full jitter" (AWS Architecture Blog): a uniform delay in [0, min(cap, base · 2^attempt)). */
export function fullJitter(policy: Backoff, attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}
