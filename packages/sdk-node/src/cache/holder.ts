import { inspect } from 'node:util';
import type { PlacementDescriptor, SecretDescriptor } from '@locksmith/schema';
import { materialize } from '../decode/materialize.js';
import { SecretsError } from '../errors.js';
import type { MaskSource } from '../redact/masker.js';
import { deadline, raceSignal } from '../resilience/abort.js';
import { fullJitter } from '../resilience/backoff.js';
import { tryEach } from '../rotation.js';
import type {
  CallOptions,
  FetchResult,
  RawVersion,
  SecretHandle,
  SecretHealth,
  SecretVersions,
} from '../types.js';
import type { FetchTarget, HolderHost } from './host.js';
import { overlapEnd, publicPrevious, publicVersion } from './overlap.js';
import { PreviousVersion, type Version } from './previous.js';
import { HolderTimers, type TimerTarget } from './timers.js';

/** Refresh-ahead point and jitter, as fractions of the TTL. */
export const REFRESH_AT = 0.8;
export const JITTER = 0.1;
/** Spacing of background retries after a failed refresh (the loader already retried within the call). */
const REFRESH_RETRY = { attempts: Number.POSITIVE_INFINITY, baseMs: 1000, capMs: 60_000 };

type Listener<V> = (versions: SecretVersions<V>) => void;

/**
 * The cache cell of one secret, and its public handle. Warm `get()` returns a promise resolved
 * once per version, so the hot path is one field read and a counter bump: no clock, no key, no
 * allocation. Timers move the state instead: refresh-ahead at ~80% of the TTL (±10% jitter) and
 * expiry when the value is older than TTL + max staleness. Everything that can reach a value is a
 * `#private` field, so neither `util.inspect` (even without custom inspection), `Object.entries`
 * nor a spread of the handle can show one.
 */
export class SecretHolder<V> implements SecretHandle<V>, TimerTarget, FetchTarget, MaskSource {
  readonly name: string;
  readonly #secret: SecretDescriptor;
  readonly #placement: PlacementDescriptor;
  readonly #providerName: string;
  readonly #ttlMs: number;
  readonly #host: HolderHost;
  readonly #timers: HolderTimers;
  /** A promise already resolved with the served value; undefined when cold. */
  #resolved: Promise<V> | undefined;
  /** The version served; undefined when cold, expired or invalidated. */
  #snapshot: Version<V> | undefined;
  /** The newest version ever accepted, kept after a drop so the next load can tell a change. */
  #lastKnown: Version<V> | undefined;
  #hits = 0;
  #misses = 0;
  #loadedAt: number | undefined;
  #state: SecretHealth['state'] = 'cold';
  #lastErrorCode: SecretsError['code'] | undefined;
  #flight: Promise<V> | undefined;
  #refreshFailures = 0;
  /** Jitter draw shared with the secrets loaded or refreshed in the same round, for the next refresh. */
  #roundJitter: number | undefined;
  /** Version id whose previous version was revoked by `revokePrevious()`. */
  #revokedFor: string | undefined;
  // Created on first use: most secrets never rotate in-process nor get listeners, and a service
  // may hold thousands of holders.
  #previousVersion: PreviousVersion<V> | undefined;
  #listeners: Set<Listener<V>> | undefined;

  constructor(
    secret: SecretDescriptor,
    placement: PlacementDescriptor,
    providerName: string,
    ttlMs: number,
    host: HolderHost,
  ) {
    this.name = secret.name;
    this.#secret = secret;
    this.#placement = placement;
    this.#providerName = providerName;
    this.#ttlMs = ttlMs;
    this.#host = host;
    this.#timers = new HolderTimers(host.scheduler, this);
  }

  get secret(): SecretDescriptor {
    return this.#secret;
  }

  get placement(): PlacementDescriptor {
    return this.#placement;
  }

  get providerName(): string {
    return this.#providerName;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  get hits(): number {
    return this.#hits;
  }

  get misses(): number {
    return this.#misses;
  }

  get #previous(): PreviousVersion<V> {
    this.#previousVersion ??= new PreviousVersion<V>({
      name: this.name,
      ttlMs: this.#ttlMs,
      host: this.#host,
      fetchPrevious: (signal) => this.#host.fetchStage(this, 'previous', signal),
      materialize: (version) => this.#materialize(version),
      changed: () => this.#host.valuesChanged(this),
    });
    return this.#previousVersion;
  }

  get(options?: CallOptions): Promise<V> {
    const resolved = this.#resolved;
    if (resolved !== undefined) {
      this.#hits++;
      return resolved;
    }
    this.#misses++;
    return this.#wait(this.#flight ?? this.#start('load'), options);
  }

  current(): V {
    if (this.#snapshot !== undefined) return this.#snapshot.value;
    throw notLoaded(this.name);
  }

  /** True when a value is held (fresh or stale). */
  get loaded(): boolean {
    return this.#snapshot !== undefined;
  }

  /** Every value this holder keeps (served, last known, previous versions), for the masker. */
  *maskedValues(): Iterable<unknown> {
    if (this.#snapshot) yield this.#snapshot.value;
    if (this.#lastKnown && this.#lastKnown !== this.#snapshot) yield this.#lastKnown.value;
    if (this.#previousVersion) yield* this.#previousVersion.values();
  }

  refresh(options?: CallOptions): Promise<V> {
    return this.#wait(this.#flight ?? this.#start('refresh'), options);
  }

  /**
   * Starts a load unless one is running or a value is held; for preload. `jitter` (in [0, 1)) is
   * shared by every secret of the preload, so they stay one refresh round.
   */
  ensureLoading(jitter?: number): Promise<V> | undefined {
    if (this.#snapshot !== undefined) return undefined;
    this.#roundJitter = jitter;
    return this.#flight ?? this.#start('load');
  }

  invalidate(): void {
    this.#timers.stop();
    this.#drop();
    this.#state = 'cold';
    this.#lastErrorCode = undefined;
    this.#previousVersion?.reset();
  }

  async versions(options?: CallOptions): Promise<SecretVersions<V>> {
    await this.get(options);
    const current = this.#snapshot;
    if (current === undefined) throw notLoaded(this.name);
    if (!this.#offersPrevious(current)) {
      this.#previousVersion?.clear();
      return { current: publicVersion(current) };
    }
    const previous = await this.#previous.get(current.versionId, options);
    // The overlap may have ended, or a revocation come, while the previous version was fetched.
    if (!previous || !this.#offersPrevious(current)) return { current: publicVersion(current) };
    return {
      current: publicVersion(current),
      previous: publicPrevious(previous, overlapEnd(current, this.#secret.rotation.overlapMs)),
    };
  }

  async tryEach<R>(
    attempt: (value: V, versionId: string) => R | Promise<R>,
    options?: CallOptions,
  ): Promise<R> {
    const versions = await this.versions(options);
    return tryEach(versions, attempt, { now: () => this.#host.clock.now() });
  }

  async revokePrevious(options?: CallOptions): Promise<void> {
    await this.get(options);
    const current = this.#snapshot;
    if (current === undefined) throw notLoaded(this.name);
    this.#revokedFor = current.versionId;
    this.#previousVersion?.clear();
    this.#host.logger?.warn(
      { event: 'previous_revoked', secret: this.name, versionId: current.versionId },
      'locksmith: previous version revoked',
    );
  }

  onChange(listener: Listener<V>): () => void {
    this.#listeners ??= new Set();
    const listeners = this.#listeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * Fired by the refresh timer (through the client, with the round's shared `jitter`) and by
   * provider watches. Failures are recorded, not thrown.
   */
  backgroundRefresh(jitter?: number): void {
    if (this.#host.closed) return;
    this.#roundJitter = jitter;
    // The settled refresh arms the next timer; an old one firing meanwhile would only join or repeat it.
    this.#timers.clear('refresh');
    (this.#flight ?? this.#start('refresh')).catch(() => undefined);
  }

  /**
   * When the next scheduled refresh is due (epoch ms), for a neighbour's round to take it along;
   * undefined when none is armed or the holder is backing off after failures (its retries keep
   * their own spacing, and a failing secret should not ride along with every healthy round).
   */
  refreshDueAt(): number | undefined {
    return this.backingOff ? undefined : this.#timers.dueAt('refresh');
  }

  /** True while refreshes fail and are retried on the backoff schedule. */
  get backingOff(): boolean {
    return this.#refreshFailures > 0;
  }

  health(): SecretHealth {
    const snapshot = this.#snapshot;
    const end = snapshot ? overlapEnd(snapshot, this.#secret.rotation.overlapMs) : undefined;
    return {
      secret: this.name,
      state: this.#state,
      provider: this.#providerName,
      ageMs: this.#loadedAt === undefined || !snapshot ? undefined : this.#host.clock.now() - this.#loadedAt,
      versionId: snapshot?.versionId,
      lastErrorCode: this.#lastErrorCode,
      overlapEndsAt: end === undefined ? undefined : new Date(end).toISOString(),
      previousRevoked: snapshot !== undefined && this.#revokedFor === snapshot.versionId,
    };
  }

  dispose(): void {
    this.#timers.stop();
    this.#listeners?.clear();
  }

  #offersPrevious(current: Version<V>): boolean {
    if (this.#revokedFor === current.versionId) return false;
    const end = overlapEnd(current, this.#secret.rotation.overlapMs);
    return end === undefined || this.#host.clock.now() <= end;
  }

  #materialize(version: RawVersion): V {
    return materialize<V>(this.#secret, version.value);
  }

  #wait(flight: Promise<V>, options: CallOptions | undefined): Promise<V> {
    if (options?.signal === undefined && options?.timeoutMs === undefined) return flight;
    const limit = deadline(this.#host.clock, options.timeoutMs ?? this.#host.timeoutMs, options.signal);
    return raceSignal(flight, limit.signal, this.name).finally(() => limit.dispose());
  }

  #start(mode: 'load' | 'refresh'): Promise<V> {
    if (this.#host.closed) return Promise.reject(closedError(this.name));
    const started = this.#host.clock.now();
    const flight: Promise<V> = this.#host.enqueue(this).then((result) => {
      // Cleared before settling: a push or refresh() that arrives while listeners run must start
      // a new fetch, not join this one, which has already seen its answer.
      if (this.#flight === flight) this.#flight = undefined;
      return this.#settle(result, mode, started);
    });
    this.#flight = flight;
    return flight;
  }

  #settle(result: FetchResult, mode: 'load' | 'refresh', started: number): V {
    if (this.#host.closed) throw closedError(this.name);
    let error: SecretsError;
    try {
      if (!result.ok) throw result.error;
      const known = this.#snapshot ?? this.#lastKnown;
      const raw = result.version;
      // Same version id, same value: keep the object (and its resolved promise) callers already hold.
      const version: Version<V> =
        known !== undefined && known.versionId === raw.versionId
          ? known
          : {
              versionId: raw.versionId,
              value: this.#materialize(raw),
              createdAt: raw.createdAt?.getTime(),
              seenAt: this.#host.clock.now(),
            };
      this.#accept(version, known);
      if (mode === 'refresh') {
        this.#host.metrics.refreshLatency(this.name, this.#providerName, this.#host.clock.now() - started);
      }
      return version.value;
    } catch (e) {
      error = asSecretsError(e, this.name);
    }
    this.#fail(error, mode);
    throw error;
  }

  #fail(error: SecretsError, mode: 'load' | 'refresh'): void {
    this.#lastErrorCode = error.code;
    const event = { secret: this.name, provider: this.#providerName, code: error.code };
    if (this.loaded) {
      this.#state = 'stale';
      if (!this.#timers.armed('expiry')) {
        const now = this.#host.clock.now();
        const expiresAt = (this.#loadedAt ?? now) + this.#ttlMs + this.#host.maxStalenessMs;
        this.#timers.set('expiry', Math.max(0, expiresAt - now));
      }
      this.#host.metrics.staleServe(this.name, this.#providerName);
      this.#host.logger?.warn(
        { event: 'stale_serve', ...event },
        'locksmith: refresh failed, serving last good value',
      );
    } else {
      this.#state = 'failed';
      this.#host.logger?.warn({ event: 'load_failed', ...event }, 'locksmith: secret could not be loaded');
    }
    if (mode === 'refresh') {
      this.#refreshFailures++;
      const backoff =
        REFRESH_RETRY.baseMs + fullJitter(REFRESH_RETRY, this.#refreshFailures - 1, this.#host.random);
      this.#timers.set('refresh', backoff);
    }
  }

  /** Serves `version`; `known` is the version served or last known before it (undefined on first load). */
  #accept(version: Version<V>, known: Version<V> | undefined): void {
    if (this.#snapshot !== version) {
      // One object per version: a reader never sees fields of two versions.
      this.#snapshot = version;
      this.#lastKnown = version;
      this.#resolved = Promise.resolve(version.value);
      this.#host.valuesChanged(this);
    }
    this.#loadedAt = this.#host.clock.now();
    this.#state = 'fresh';
    this.#lastErrorCode = undefined;
    this.#refreshFailures = 0;
    this.#timers.clear('expiry');
    this.#timers.set('refresh', this.#refreshDelay());
    if (known === undefined || known.versionId === version.versionId) return;
    this.#previous.rotated(known);
    this.#emit(version, known);
  }

  /**
   * ~80% of the TTL ±10% jitter, so a fleet started together does not refresh in step. Secrets
   * refreshed in one round share the draw: were each to draw its own, the next round would start at
   * the earliest of N draws — near 70% of the TTL in every process, and the fleet back in step.
   */
  #refreshDelay(): number {
    const draw = this.#roundJitter ?? this.#host.random();
    this.#roundJitter = undefined;
    return Math.max(1, this.#ttlMs * REFRESH_AT + (draw * 2 - 1) * JITTER * this.#ttlMs);
  }

  /** Tells listeners about a new version; the previous one as `versions()` would offer it. */
  #emit(current: Version<V>, replaced: Version<V>): void {
    if (!this.#listeners || this.#listeners.size === 0) return;
    const versions: SecretVersions<V> = this.#offersPrevious(current)
      ? {
          current: publicVersion(current),
          previous: publicPrevious(replaced, overlapEnd(current, this.#secret.rotation.overlapMs)),
        }
      : { current: publicVersion(current) };
    for (const listener of this.#listeners) {
      try {
        listener(versions);
      } catch {
        this.#host.logger?.error(
          { event: 'listener_failed', secret: this.name },
          'locksmith: onChange listener threw',
        );
      }
    }
  }

  /** @internal Scheduler callback: refresh-ahead point or backoff retry reached. */
  refreshDue(): void {
    if (this.#host.closed) return;
    this.#host.refreshDue(this);
  }

  /** @internal Scheduler callback: the value outlived TTL + max staleness. */
  expiryDue(): void {
    this.#drop();
    this.#state = 'failed';
    this.#host.logger?.error(
      { event: 'value_expired', secret: this.name, provider: this.#providerName, code: this.#lastErrorCode },
      'locksmith: value exceeded its maximum staleness and was dropped',
    );
  }

  #drop(): void {
    this.#snapshot = undefined;
    this.#resolved = undefined;
    this.#host.valuesChanged(this);
  }

  toJSON(): Record<string, unknown> {
    return { ...this.health() };
  }

  [inspect.custom](): string {
    return `SecretHandle ${inspect(this.toJSON(), { customInspect: false })}`;
  }
}

function notLoaded(secret: string): SecretsError {
  return new SecretsError('NOT_LOADED', `secret "${secret}" is not loaded: await get() or preload() first`, {
    secret,
  });
}

function closedError(secret: string): SecretsError {
  return new SecretsError('CLOSED', `client is closed (secret "${secret}")`, { secret });
}

/**
 * Store errors reach the holder as SecretsError instances (the loader converts a custom provider's
 * error objects); anything else was thrown while decoding a value of an unexpected shape.
 */
function asSecretsError(error: unknown, secret: string): SecretsError {
  if (error instanceof SecretsError) return error.forSecret(secret);
  return new SecretsError('VALIDATION_FAILED', `secret "${secret}" could not be decoded`, { secret });
}
