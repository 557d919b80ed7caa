import { inspect } from 'node:util';
import type { PlacementDescriptor, SecretDescriptor } from '@locksmith/schema';
import { decodeValue } from '../decode/decode.js';
import { deepFreeze } from '../decode/freeze.js';
import { validateValue } from '../decode/validate.js';
import { SecretsError } from '../errors.js';
import { deadline, raceSignal, unrefTimer } from '../resilience/abort.js';
import { fullJitter } from '../resilience/backoff.js';
import type {
  CallOptions,
  FetchResult,
  RawVersion,
  SecretHandle,
  SecretHealth,
  SecretVersions,
} from '../types.js';
import type { HolderHost } from './host.js';

type Version<V> = { readonly versionId: string; readonly value: V };

/** Refresh-ahead point and jitter, as fractions of the TTL. */
const REFRESH_AT = 0.8;
const JITTER = 0.1;
/** Spacing of background retries after a failed refresh (the loader already retried within the call). */
const REFRESH_RETRY = { attempts: Number.POSITIVE_INFINITY, baseMs: 1000, capMs: 60_000 };

/**
 * The cache cell of one secret, and its public handle. Warm `get()` returns a promise resolved
 * once per version (`resolved`), so the hot path is one field read and a counter bump: no clock,
 * no key, no allocation. Timers move the state instead: refresh-ahead at ~80% of the TTL (±10%
 * jitter) and expiry when the value is older than TTL + max staleness.
 */
export class SecretHolder<V> implements SecretHandle<V> {
  readonly name: string;
  /** A promise already resolved with the current value; undefined when cold. */
  private resolved: Promise<V> | undefined;
  private snapshot: Version<V> | undefined;
  hits = 0;
  misses = 0;
  loadedAt: number | undefined;
  state: SecretHealth['state'] = 'cold';
  lastErrorCode: SecretsError['code'] | undefined;
  private flight: Promise<V> | undefined;
  private refreshTimer: unknown;
  private expiryTimer: unknown;
  private refreshFailures = 0;
  /** The current version before the last change: the rotation overlap when the store keeps no stages. */
  private prior: Version<V> | undefined;
  private previous: { forVersion: string; expiresAt: number; version: Version<V> | undefined } | undefined;
  private previousFlight: Promise<Version<V> | undefined> | undefined;
  private readonly listeners = new Set<(versions: SecretVersions<V>) => void>();

  constructor(
    readonly secret: SecretDescriptor,
    readonly placement: PlacementDescriptor,
    readonly providerName: string,
    readonly ttlMs: number,
    private readonly host: HolderHost,
  ) {
    this.name = secret.name;
  }

  get(options?: CallOptions): Promise<V> {
    const resolved = this.resolved;
    if (resolved !== undefined) {
      this.hits++;
      return resolved;
    }
    this.misses++;
    return this.wait(this.flight ?? this.start('load'), options);
  }

  current(): V {
    if (this.snapshot !== undefined) return this.snapshot.value;
    throw new SecretsError(
      'NOT_LOADED',
      `secret "${this.name}" is not loaded: await get() or preload() first`,
      {
        secret: this.name,
      },
    );
  }

  /** True when a value is held (fresh or stale). */
  get loaded(): boolean {
    return this.snapshot !== undefined;
  }

  /** Every value this holder keeps (current, previous, prior), for the masker. */
  *values(): Iterable<unknown> {
    if (this.snapshot) yield this.snapshot.value;
    if (this.prior) yield this.prior.value;
    if (this.previous?.version) yield this.previous.version.value;
  }

  refresh(options?: CallOptions): Promise<V> {
    return this.wait(this.flight ?? this.start('refresh'), options);
  }

  /** Starts a load unless one is running or a value is held; for preload. */
  ensureLoading(): Promise<V> | undefined {
    if (this.snapshot !== undefined) return undefined;
    return this.flight ?? this.start('load');
  }

  invalidate(): void {
    this.stopTimers();
    this.drop();
    this.state = 'cold';
    this.lastErrorCode = undefined;
    this.previous = undefined;
  }

  async versions(options?: CallOptions): Promise<SecretVersions<V>> {
    await this.get(options);
    const current = this.snapshot!;
    const cached = this.previous;
    let previous: Version<V> | undefined;
    if (cached && cached.forVersion === current.versionId && this.host.clock.now() < cached.expiresAt) {
      previous = cached.version;
    } else {
      this.previousFlight ??= this.fetchPrevious(current.versionId, options).finally(() => {
        this.previousFlight = undefined;
      });
      previous = await this.previousFlight;
    }
    return previous ? { current, previous } : { current };
  }

  onChange(listener: (versions: SecretVersions<V>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fired by the refresh timer and by provider watches. Failures are recorded, not thrown. */
  backgroundRefresh(): void {
    if (this.host.closed) return;
    (this.flight ?? this.start('refresh')).catch(() => undefined);
  }

  health(): SecretHealth {
    return {
      secret: this.name,
      state: this.state,
      provider: this.providerName,
      ageMs: this.loadedAt === undefined || !this.loaded ? undefined : this.host.clock.now() - this.loadedAt,
      versionId: this.snapshot?.versionId,
      lastErrorCode: this.lastErrorCode,
    };
  }

  dispose(): void {
    this.stopTimers();
    this.listeners.clear();
  }

  private wait(flight: Promise<V>, options: CallOptions | undefined): Promise<V> {
    if (options?.signal === undefined && options?.timeoutMs === undefined) return flight;
    const limit = deadline(this.host.clock, options.timeoutMs ?? this.host.timeoutMs, options.signal);
    return raceSignal(flight, limit.signal, this.name).finally(() => limit.dispose());
  }

  private start(mode: 'load' | 'refresh'): Promise<V> {
    if (this.host.closed) {
      return Promise.reject(
        new SecretsError('CLOSED', `client is closed (secret "${this.name}")`, { secret: this.name }),
      );
    }
    const started = this.host.clock.now();
    const flight = this.host.enqueue(this).then((result) => this.settle(result, mode, started));
    this.flight = flight;
    const clear = (): void => {
      if (this.flight === flight) this.flight = undefined;
    };
    flight.then(clear, clear);
    return flight;
  }

  private settle(result: FetchResult, mode: 'load' | 'refresh', started: number): V {
    if (this.host.closed)
      throw new SecretsError('CLOSED', `client is closed (secret "${this.name}")`, { secret: this.name });
    let error: SecretsError;
    if (result.ok) {
      try {
        const value = this.decode(result.version);
        this.accept(result.version.versionId, value);
        if (mode === 'refresh')
          this.host.metrics.refreshLatency(this.name, this.providerName, this.host.clock.now() - started);
        return value;
      } catch (e) {
        error = asSecretsError(e, this.name);
      }
    } else {
      error = asSecretsError(result.error, this.name);
    }
    this.lastErrorCode = error.code;
    const event = { secret: this.name, provider: this.providerName, code: error.code };
    if (this.loaded) {
      this.state = 'stale';
      this.host.metrics.staleServe(this.name, this.providerName);
      this.host.logger?.warn(
        { event: 'stale_serve', ...event },
        'locksmith: refresh failed, serving last good value',
      );
    } else {
      this.state = 'failed';
      this.host.logger?.warn({ event: 'load_failed', ...event }, 'locksmith: secret could not be loaded');
    }
    if (mode === 'refresh') {
      this.refreshFailures++;
      const backoff =
        REFRESH_RETRY.baseMs + fullJitter(REFRESH_RETRY, this.refreshFailures - 1, this.host.random);
      this.schedule('refresh', backoff);
    }
    throw error;
  }

  private decode(version: RawVersion): V {
    const value = decodeValue(this.secret, version.value);
    validateValue(this.secret, value);
    return deepFreeze(value) as V;
  }

  private accept(versionId: string, value: V): void {
    const old = this.snapshot;
    const changed = old !== undefined && old.versionId !== versionId;
    // One object per version: a reader never sees fields of two versions.
    this.snapshot = Object.freeze({ versionId, value });
    this.resolved = Promise.resolve(value);
    this.loadedAt = this.host.clock.now();
    this.state = 'fresh';
    this.lastErrorCode = undefined;
    this.refreshFailures = 0;
    if (changed) {
      this.prior = old;
      this.previous = undefined;
    }
    this.host.valuesChanged();
    const jitter = (this.host.random() * 2 - 1) * JITTER * this.ttlMs;
    this.schedule('refresh', Math.max(1, this.ttlMs * REFRESH_AT + jitter));
    this.schedule('expiry', this.ttlMs + this.host.maxStalenessMs);
    if (changed) this.emit(this.snapshot, old);
  }

  private emit(current: Version<V>, previous: Version<V>): void {
    for (const listener of this.listeners) {
      try {
        listener({ current, previous });
      } catch {
        this.host.logger?.error(
          { event: 'listener_failed', secret: this.name },
          'locksmith: onChange listener threw',
        );
      }
    }
  }

  private expire(): void {
    this.drop();
    this.state = 'failed';
    this.host.logger?.error(
      { event: 'value_expired', secret: this.name, provider: this.providerName, code: this.lastErrorCode },
      'locksmith: value exceeded its maximum staleness and was dropped',
    );
  }

  private drop(): void {
    this.snapshot = undefined;
    this.resolved = undefined;
    this.host.valuesChanged();
  }

  private schedule(kind: 'refresh' | 'expiry', ms: number): void {
    const clock = this.host.clock;
    if (kind === 'refresh') {
      if (this.refreshTimer !== undefined) clock.clearTimeout(this.refreshTimer);
      this.refreshTimer = unrefTimer(clock, () => this.backgroundRefresh(), ms);
    } else {
      if (this.expiryTimer !== undefined) clock.clearTimeout(this.expiryTimer);
      this.expiryTimer = unrefTimer(clock, () => this.expire(), ms);
    }
  }

  private stopTimers(): void {
    if (this.refreshTimer !== undefined) this.host.clock.clearTimeout(this.refreshTimer);
    if (this.expiryTimer !== undefined) this.host.clock.clearTimeout(this.expiryTimer);
    this.refreshTimer = this.expiryTimer = undefined;
  }

  private async fetchPrevious(
    forVersion: string,
    options: CallOptions | undefined,
  ): Promise<Version<V> | undefined> {
    const limit = deadline(this.host.clock, options?.timeoutMs ?? this.host.timeoutMs, options?.signal);
    let result: FetchResult;
    try {
      result = await raceSignal(
        this.host.fetchStage(this, 'previous', limit.signal),
        limit.signal,
        this.name,
      );
    } finally {
      limit.dispose();
    }
    const fallback = this.prior && this.prior.versionId !== forVersion ? this.prior : undefined;
    let version: Version<V> | undefined = fallback;
    if (result.ok) {
      try {
        version = { versionId: result.version.versionId, value: this.decode(result.version) };
      } catch (e) {
        const code = asSecretsError(e, this.name).code;
        this.host.logger?.warn(
          { event: 'previous_invalid', secret: this.name, code },
          'locksmith: previous version is invalid',
        );
      }
    } else if (result.error.code !== 'NOT_FOUND' && result.error.code !== 'INVALID_REQUEST') {
      // The store is struggling: answer with what we know, but do not cache that answer.
      this.host.logger?.warn(
        { event: 'previous_unavailable', secret: this.name, code: result.error.code },
        'locksmith: previous version unavailable',
      );
      return fallback;
    }
    this.previous = { forVersion, expiresAt: this.host.clock.now() + this.ttlMs, version };
    this.host.valuesChanged();
    return version;
  }

  toJSON(): Record<string, unknown> {
    const { ageMs, ...rest } = this.health();
    return { ...rest, ageMs };
  }

  [inspect.custom](): string {
    return `SecretHandle ${inspect(this.toJSON(), { customInspect: false })}`;
  }
}

function asSecretsError(error: unknown, secret: string): SecretsError {
  if (error instanceof SecretsError) return error.forSecret(secret);
  if (typeof error === 'object' && error !== null && 'code' in error && 'retryable' in error) {
    const code = (error as { code: SecretsError['code'] }).code;
    return new SecretsError(code, `${code} for secret "${secret}"`, { secret });
  }
  return new SecretsError('VALIDATION_FAILED', `secret "${secret}" could not be decoded`, { secret });
}
