/**
 * Failed-login throttling: after `maxFailures` failures for one account, or from one client address,
 * within `windowSeconds`, further attempts are refused until the window has passed. A success clears
 * the account's count. Counting both keys stops guessing one password of many accounts from one
 * address and guessing many passwords of one account from many addresses.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, { count: number; resetAt: number }>();
  readonly #maxFailures: number;
  readonly #windowSeconds: number;

  constructor(options: { readonly maxFailures?: number; readonly windowSeconds?: number } = {}) {
    this.#maxFailures = options.maxFailures ?? 5;
    this.#windowSeconds = options.windowSeconds ?? 15 * 60;
  }

  /** Seconds until the account or address may try again, or 0 when it may try now. */
  retryAfter(account: string, address: string, nowSeconds: number): number {
    let wait = 0;
    for (const key of keys(account, address)) {
      const entry = this.#failures.get(key);
      if (!entry || entry.resetAt <= nowSeconds) this.#failures.delete(key);
      else if (entry.count >= this.#maxFailures) wait = Math.max(wait, entry.resetAt - nowSeconds);
    }
    return wait;
  }

  /** Counts a failed attempt against the account and the address. */
  failed(account: string, address: string, nowSeconds: number): void {
    for (const key of keys(account, address)) {
      const entry = this.#failures.get(key);
      if (!entry || entry.resetAt <= nowSeconds)
        this.#failures.set(key, { count: 1, resetAt: nowSeconds + this.#windowSeconds });
      else entry.count += 1;
    }
  }

  /** A successful login clears the account's failures (not the address's). */
  succeeded(account: string): void {
    this.#failures.delete(`account:${account.toLowerCase()}`);
  }
}

function keys(account: string, address: string): string[] {
  return [`account:${account.toLowerCase()}`, `address:${address}`];
}
