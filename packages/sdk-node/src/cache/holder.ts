import { inspect } from 'node:util';
import type { PlacementDescriptor, SecretDescriptor } from '@locksmith/schema';
import { materialize } from '../decode/materialize.js';
import { SecretsError } from '../errors.js';
import { deadline, raceSignal } from '../resilience/abort.js';
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
import { PreviousVersion, type Version } from './previous.js';
import { HolderTimers, type TimerTarget } from './timers.js';

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
export class SecretHolder<V> implements SecretHandle<V>, TimerTarget {
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
  private refreshFailures = 0;
  private readonly timers: HolderTimers;
  // Created on first use: most secrets never rotate in-process nor get listeners, and a service
  // may hold thousands of holders.
  private previousVersion: PreviousVersion<V> | undefined;
  private listeners: Set<(versions: SecretVersions<V>) => void> | undefined;

  constructor(
    readonly secret: SecretDescriptor,
    readonly placement: PlacementDescriptor,
    readonly providerName: string,
    readonly ttlMs: number,
    private readonly host: HolderHost,
  ) {
    this.name = secret.name;
    this.timers = new HolderTimers(host.scheduler, this);
  }

  private get previous(): PreviousVersion<V> {
    this.previousVersion ??= new PreviousVersion<V>({
      name: this.name,
      ttlMs: this.ttlMs,
      host: this.host,
      fetchPrevious: (signal) => this.host.fetchStage(this, 'previous', signal),
      materialize: (version) => this.materialize(version),
    });
    return this.previousVersion;
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

  /** Every value this holder keeps (current and previous versions), for the masker. */
  *values(): Iterable<unknown> {
    if (this.snapshot) yield this.snapshot.value;
    if (this.previousVersion) yield* this.previousVersion.values();
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
    this.timers.stop();
    this.drop();
    this.state = 'cold';
    this.lastErrorCode = undefined;
    this.previousVersion?.reset();
  }

  async versions(options?: CallOptions): Promise<SecretVersions<V>> {
    await this.get(options);
    const current = this.snapshot!;
    const previous = await this.previous.get(current.versionId, options);
    return previous ? { current, previous } : { current };
  }

  onChange(listener: (versions: SecretVersions<V>) => void): () => void {
    this.listeners ??= new Set();
    const listeners = this.listeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
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
    this.timers.stop();
    this.listeners?.clear();
  }

  private materialize(version: RawVersion): V {
    return materialize<V>(this.secret, version.value);
  }

  private wait(flight: Promise<V>, options: CallOptions | undefined): Promise<V> {
    if (options?.signal === undefined && options?.timeoutMs === undefined) return flight;
    const limit = deadline(this.host.clock, options.timeoutMs ?? this.host.timeoutMs, options.signal);
    return raceSignal(flight, limit.signal, this.name).finally(() => limit.dispose());
  }

  private start(mode: 'load' | 'refresh'): Promise<V> {
    if (this.host.closed) return Promise.reject(closedError(this.name));
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
    if (this.host.closed) throw closedError(this.name);
    let error: SecretsError;
    try {
      if (!result.ok) throw result.error;
      // Same version id, same value: keep the object (and its resolved promise) callers already hold.
      const same = this.snapshot !== undefined && this.snapshot.versionId === result.version.versionId;
      const value = same ? this.snapshot!.value : this.materialize(result.version);
      this.accept(result.version.versionId, value);
      if (mode === 'refresh') {
        this.host.metrics.refreshLatency(this.name, this.providerName, this.host.clock.now() - started);
      }
      return value;
    } catch (e) {
      error = asSecretsError(e, this.name);
    }
    this.lastErrorCode = error.code;
    const event = { secret: this.name, provider: this.providerName, code: error.code };
    if (this.loaded) {
      this.state = 'stale';
      if (!this.timers.armed('expiry')) {
        const expiresAt = (this.loadedAt ?? this.host.clock.now()) + this.ttlMs + this.host.maxStalenessMs;
        this.timers.set('expiry', Math.max(0, expiresAt - this.host.clock.now()));
      }
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
      this.timers.set('refresh', backoff);
    }
    throw error;
  }

  private accept(versionId: string, value: V): void {
    const old = this.snapshot;
    const changed = old !== undefined && old.versionId !== versionId;
    if (old === undefined || old.value !== value) {
      // One object per version: a reader never sees fields of two versions.
      this.snapshot = Object.freeze({ versionId, value });
      this.resolved = Promise.resolve(value);
      this.host.valuesChanged();
    }
    this.loadedAt = this.host.clock.now();
    this.state = 'fresh';
    this.lastErrorCode = undefined;
    this.refreshFailures = 0;
    if (changed) this.previous.rotated(old);
    this.timers.clear('expiry');
    this.timers.set('refresh', this.refreshDelay());
    if (changed) this.emit({ current: this.snapshot!, previous: old });
  }

  /** ~80% of the TTL ±10% jitter, so a fleet started together does not refresh in step. */
  private refreshDelay(): number {
    return Math.max(1, this.ttlMs * REFRESH_AT + (this.host.random() * 2 - 1) * JITTER * this.ttlMs);
  }

  private emit(versions: SecretVersions<V>): void {
    for (const listener of this.listeners ?? []) {
      try {
        listener(versions);
      } catch {
        this.host.logger?.error(
          { event: 'listener_failed', secret: this.name },
          'locksmith: onChange listener threw',
        );
      }
    }
  }

  /** @internal Scheduler callback: refresh-ahead point or backoff retry reached. */
  refreshDue(): void {
    this.backgroundRefresh();
  }

  /** @internal Scheduler callback: the value outlived TTL + max staleness. */
  expiryDue(): void {
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

  toJSON(): Record<string, unknown> {
    return { ...this.health() };
  }

  [inspect.custom](): string {
    return `SecretHandle ${inspect(this.toJSON(), { customInspect: false })}`;
  }
}

function closedError(secret: string): SecretsError {
  return new SecretsError('CLOSED', `client is closed (secret "${secret}")`, { secret });
}

/** Store errors come as SecretsError (class or interface); anything else is a decoding failure. */
function asSecretsError(error: unknown, secret: string): SecretsError {
  if (error instanceof SecretsError) return error.forSecret(secret);
  if (typeof error === 'object' && error !== null && 'code' in error && 'retryable' in error) {
    const code = (error as { code: SecretsError['code'] }).code;
    return new SecretsError(code, `${code} for secret "${secret}"`, { secret });
  }
  return new SecretsError('VALIDATION_FAILED', `secret "${secret}" could not be decoded`, { secret });
}
