import { SecretsError } from '../errors.js';
import { deadline } from '../resilience/abort.js';
import type { Clock, FetchRequest, FetchResult, Provider } from '../types.js';
import type { Loader } from './loader.js';

interface Queued {
  readonly request: FetchRequest;
  readonly resolve: (result: FetchResult) => void;
}

/**
 * Collects the current-stage fetches asked for in one tick (preload, `Promise.all` of gets,
 * refreshes that fire together) and sends them per provider through the loader, which splits
 * them into `maxBatchSize` calls. Each batch runs under the client's timeout and close signal.
 */
export class Batcher {
  readonly #queue = new Map<Provider, Queued[]>();
  #scheduled = false;
  readonly #loader: Loader;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #closing: AbortSignal;

  constructor(loader: Loader, clock: Clock, timeoutMs: number, closing: AbortSignal) {
    this.#loader = loader;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#closing = closing;
  }

  enqueue(provider: Provider, request: FetchRequest): Promise<FetchResult> {
    return new Promise<FetchResult>((resolve) => {
      const list = this.#queue.get(provider);
      if (list) list.push({ request, resolve });
      else this.#queue.set(provider, [{ request, resolve }]);
      if (!this.#scheduled) {
        this.#scheduled = true;
        queueMicrotask(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batches = [...this.#queue];
    this.#queue.clear();
    for (const [provider, entries] of batches) {
      const limit = deadline(this.#clock, this.#timeoutMs, this.#closing);
      this.#loader
        .fetch(
          provider,
          entries.map((e) => e.request),
          limit.signal,
        )
        .then((results) => {
          for (const [i, e] of entries.entries()) e.resolve(results[i]!);
        })
        .catch((error: unknown) => {
          const failure =
            error instanceof SecretsError ? error : new SecretsError('UNAVAILABLE', 'fetch failed');
          for (const e of entries) e.resolve({ ok: false, error: failure.forSecret(e.request.secret.name) });
        })
        .finally(() => limit.dispose());
    }
  }
}
