import { errorForSecret, SecretsError } from '../errors.js';
import { raceSignal, sleep } from '../resilience/abort.js';
import { type Backoff, fullJitter } from '../resilience/backoff.js';
import { type BreakerPolicy, CircuitBreaker } from '../resilience/breaker.js';
import type { RuntimeMetrics } from '../telemetry/metrics.js';
import type { Clock, FetchRequest, FetchResult, Logger, Provider } from '../types.js';

/**
 * Most provider calls one `fetch` keeps in flight. Enough to preload a few hundred secrets in
 * one round trip's time; few enough that a 10,000-secret preload does not open 500 sockets at
 * once on a busy host and trip its own timeouts and the breaker.
 */
export const MAX_CALLS_IN_FLIGHT = 8;

/** What the loader needs from the client. */
export interface LoaderContext {
  readonly clock: Clock;
  readonly random: () => number;
  readonly retry: Backoff;
  readonly breaker: BreakerPolicy;
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger | undefined;
}

/**
 * Sends requests to providers: splits them into batches of `maxBatchSize` (at most
 * {@link MAX_CALLS_IN_FLIGHT} calls in flight),
 * retries retryable failures with full-jitter backoff (only the failed requests), and keeps one
 * circuit breaker per provider. Always resolves with one result per request.
 */
export class Loader {
  readonly #breakers = new Map<Provider, CircuitBreaker>();
  readonly #ctx: LoaderContext;

  constructor(ctx: LoaderContext) {
    this.#ctx = ctx;
  }

  breakerFor(provider: Provider): CircuitBreaker {
    let breaker = this.#breakers.get(provider);
    if (!breaker) {
      breaker = new CircuitBreaker(provider.name, this.#ctx.breaker, this.#ctx.clock, this.#ctx.logger);
      this.#breakers.set(provider, breaker);
    }
    return breaker;
  }

  async fetch(
    provider: Provider,
    requests: readonly FetchRequest[],
    signal: AbortSignal,
  ): Promise<FetchResult[]> {
    const size = Math.max(1, provider.maxBatchSize);
    const chunks: FetchRequest[][] = [];
    for (let i = 0; i < requests.length; i += size) chunks.push(requests.slice(i, i + size));
    const results: FetchResult[][] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < chunks.length) {
        const index = next++;
        results[index] = await this.#fetchChunk(provider, chunks[index]!, signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_CALLS_IN_FLIGHT, chunks.length) }, lane));
    return results.flat();
  }

  async #fetchChunk(
    provider: Provider,
    requests: FetchRequest[],
    signal: AbortSignal,
  ): Promise<FetchResult[]> {
    const results: FetchResult[] = [];
    let pending = requests.map((_, i) => i);
    const breaker = this.breakerFor(provider);
    for (let attempt = 0; ; attempt++) {
      if (!breaker.allow()) {
        for (const i of pending)
          results[i] = { ok: false, error: circuitOpen(provider, requests[i]!, breaker) };
        break;
      }
      const batch = pending.map((i) => requests[i]!);
      const answers = await this.#attempt(provider, batch, signal);
      const failedStore = answers.every((r) => !r.ok && r.error.retryable);
      // A call that ran out of time is the store's failure (one that accepts connections and never
      // answers must open the breaker); a call cut short by its caller or by close() says nothing.
      if (signal.aborted && !timedOut(signal)) breaker.release();
      else if (failedStore || signal.aborted) breaker.failure();
      else breaker.success();
      const retry: number[] = [];
      answers.forEach((answer, j) => {
        const i = pending[j]!;
        results[i] = answer;
        this.#ctx.metrics.fetched(provider.name, answer.ok ? 'ok' : answer.error.code);
        if (!answer.ok && answer.error.retryable) retry.push(i);
      });
      if (retry.length === 0 || attempt + 1 >= this.#ctx.retry.attempts || signal.aborted) break;
      try {
        await sleep(this.#ctx.clock, fullJitter(this.#ctx.retry, attempt, this.#ctx.random), signal);
      } catch {
        break;
      }
      pending = retry;
    }
    return results;
  }

  /** One provider call; whatever goes wrong becomes one SecretsError per request. */
  async #attempt(provider: Provider, batch: FetchRequest[], signal: AbortSignal): Promise<FetchResult[]> {
    try {
      const answers = await raceSignal(provider.fetch(batch, signal), signal);
      if (answers.length !== batch.length) {
        throw new SecretsError(
          'MALFORMED_RESPONSE',
          `${provider.name}: returned ${answers.length} results for ${batch.length} requests`,
          {
            provider: provider.name,
          },
        );
      }
      return answers.map((answer, j) =>
        answer.ok ? answer : { ok: false, error: errorForSecret(answer.error, batch[j]!.secret.name) },
      );
    } catch (error) {
      // A foreign error may carry request data; keep only that it happened.
      const mapped =
        error instanceof SecretsError
          ? error
          : new SecretsError('UNAVAILABLE', `${provider.name}: fetch failed`, { provider: provider.name });
      return batch.map((r) => ({ ok: false, error: mapped.forSecret(r.secret.name) }));
    }
  }
}

/** True when `signal` was aborted by a deadline (TIMEOUT), not by a caller or by close(). */
function timedOut(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return reason instanceof SecretsError && reason.code === 'TIMEOUT';
}

function circuitOpen(provider: Provider, request: FetchRequest, breaker: CircuitBreaker): SecretsError {
  return new SecretsError(
    'CIRCUIT_OPEN',
    `${provider.name}: circuit open for secret "${request.secret.name}", next probe in ${breaker.retryInMs()} ms`,
    { secret: request.secret.name, provider: provider.name },
  );
}
