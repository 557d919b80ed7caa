import type { Clock, Logger } from '../types.js';

/** Resolved breaker settings. */
export interface BreakerPolicy {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

/**
 * A circuit breaker for one store. Closed: calls pass. After `failureThreshold` consecutive
 * failed calls it opens: calls fail fast with CIRCUIT_OPEN. After `cooldownMs` one probe is let
 * through (half-open); its success closes the breaker, its failure re-opens it for another cooldown.
 */
export class CircuitBreaker {
  readonly provider: string;
  readonly #policy: BreakerPolicy;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  #failures = 0;
  #openedAt: number | undefined;
  #probing = false;

  constructor(provider: string, policy: BreakerPolicy, clock: Clock, logger: Logger | undefined) {
    this.provider = provider;
    this.#policy = policy;
    this.#clock = clock;
    this.#logger = logger;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.#openedAt === undefined) return 'closed';
    return this.#probing ? 'half-open' : 'open';
  }

  /** May a call go to the store now? Claims the probe slot when the cooldown is over. */
  allow(): boolean {
    if (this.#openedAt === undefined) return true;
    if (this.#probing || this.#clock.now() < this.#openedAt + this.#policy.cooldownMs) return false;
    this.#probing = true;
    return true;
  }

  /** Milliseconds until the next probe may go (0 when closed). */
  retryInMs(): number {
    if (this.#openedAt === undefined) return 0;
    return Math.max(0, this.#openedAt + this.#policy.cooldownMs - this.#clock.now());
  }

  success(): void {
    if (this.#openedAt !== undefined)
      this.#logger?.info({ event: 'breaker_closed', provider: this.provider }, 'locksmith: circuit closed');
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#probing = false;
  }

  failure(): void {
    this.#failures++;
    if (this.#probing || (this.#openedAt === undefined && this.#failures >= this.#policy.failureThreshold)) {
      this.#openedAt = this.#clock.now();
      this.#probing = false;
      this.#logger?.warn(
        {
          event: 'breaker_open',
          provider: this.provider,
          failures: this.#failures,
          cooldownMs: this.#policy.cooldownMs,
        },
        'locksmith: circuit opened',
      );
    }
  }

  /** A call that ended without a verdict (aborted by its caller) gives the probe slot back. */
  release(): void {
    this.#probing = false;
  }
}
