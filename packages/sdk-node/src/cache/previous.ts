import { deadline, raceSignal } from '../resilience/abort.js';
import type { CallOptions, FetchResult, RawVersion } from '../types.js';
import type { HolderHost } from './host.js';

/** One version of a secret's value as the cache keeps it. */
export interface Version<V> {
  readonly versionId: string;
  readonly value: V;
  /** Creation date in the store (epoch ms), when the store reports one. */
  readonly createdAt: number | undefined;
  /** When this process first loaded this version (epoch ms). */
  readonly seenAt: number;
}

/** What the previous-version cache needs from its holder. */
export interface PreviousSource<V> {
  readonly name: string;
  readonly ttlMs: number;
  readonly host: HolderHost;
  fetchPrevious(signal: AbortSignal): Promise<FetchResult>;
  materialize(version: RawVersion): V;
  /** The values held here changed (for the masker). */
  changed(): void;
}

/**
 * The previous version for rotation overlaps: fetched on demand from the store's previous stage,
 * cached for the TTL (single flight). Stores without stages (env, files) answer NOT_FOUND; then the
 * value seen before the last change in this process (`prior`) stands in. Whether the previous
 * version may be offered at all (overlap, revocation) is the holder's decision.
 */
export class PreviousVersion<V> {
  readonly #source: PreviousSource<V>;
  #prior: Version<V> | undefined;
  #cached: { forVersion: string; expiresAt: number; version: Version<V> | undefined } | undefined;
  #flight: Promise<Version<V> | undefined> | undefined;

  constructor(source: PreviousSource<V>) {
    this.#source = source;
  }

  /** The current version changed; `old` is what it replaced. */
  rotated(old: Version<V>): void {
    this.#prior = old;
    this.#cached = undefined;
    this.#source.changed();
  }

  /** Forgets the cached store answer (invalidate), keeping the prior version seen in this process. */
  reset(): void {
    this.#cached = undefined;
    this.#source.changed();
  }

  /** Drops every previous value held (revocation, end of overlap). */
  clear(): void {
    if (this.#prior === undefined && this.#cached === undefined) return;
    this.#prior = undefined;
    this.#cached = undefined;
    this.#source.changed();
  }

  /** Values held here, for the masker. */
  *values(): Iterable<unknown> {
    if (this.#prior) yield this.#prior.value;
    if (this.#cached?.version) yield this.#cached.version.value;
  }

  get(forVersion: string, options: CallOptions | undefined): Promise<Version<V> | undefined> {
    const cached = this.#cached;
    if (cached && cached.forVersion === forVersion && this.#source.host.clock.now() < cached.expiresAt) {
      return Promise.resolve(cached.version);
    }
    this.#flight ??= this.#load(forVersion, options).finally(() => {
      this.#flight = undefined;
    });
    return this.#flight;
  }

  async #load(forVersion: string, options: CallOptions | undefined): Promise<Version<V> | undefined> {
    const { host, name } = this.#source;
    const limit = deadline(host.clock, options?.timeoutMs ?? host.timeoutMs, options?.signal);
    let result: FetchResult;
    try {
      result = await raceSignal(this.#source.fetchPrevious(limit.signal), limit.signal, name);
    } finally {
      limit.dispose();
    }
    const fallback = this.#prior && this.#prior.versionId !== forVersion ? this.#prior : undefined;
    let version = fallback;
    if (result.ok) {
      try {
        const raw = result.version;
        version = {
          versionId: raw.versionId,
          value: this.#source.materialize(raw),
          createdAt: raw.createdAt?.getTime(),
          seenAt: host.clock.now(),
        };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        host.logger?.warn(
          { event: 'previous_invalid', secret: name, code },
          'locksmith: previous version is invalid',
        );
      }
    } else if (result.error.code !== 'NOT_FOUND' && result.error.code !== 'INVALID_REQUEST') {
      // The store is struggling: answer with what we know, but do not cache that answer.
      host.logger?.warn(
        { event: 'previous_unavailable', secret: name, code: result.error.code },
        'locksmith: previous version unavailable',
      );
      return fallback;
    }
    this.#cached = { forVersion, expiresAt: host.clock.now() + this.#source.ttlMs, version };
    this.#source.changed();
    return version;
  }
}
