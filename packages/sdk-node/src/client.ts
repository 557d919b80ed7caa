import { inspect } from 'node:util';
import type { ServiceDescriptor } from '@locksmith/schema';
import { Batcher } from './cache/batcher.js';
import { JITTER, SecretHolder } from './cache/holder.js';
import type { FetchTarget, HolderHost } from './cache/host.js';
import { Loader } from './cache/loader.js';
import { Scheduler } from './cache/scheduler.js';
import { systemClock } from './clock.js';
import { validatorFor } from './decode/validate.js';
import { pickEnvironment } from './environment.js';
import { AggregateSecretsError, SecretsError } from './errors.js';
import { DEFAULTS, resolveOptions } from './options.js';
import { type LeakStream, Masker, type MaskSource } from './redact/masker.js';
import { deadline, raceSignal } from './resilience/abort.js';
import { selectProviders } from './select.js';
import { createMetrics, type RuntimeMetrics } from './telemetry/metrics.js';
import type {
  CallOptions,
  Clock,
  FetchRequest,
  FetchResult,
  HealthReport,
  Logger,
  Provider,
  SecretClient,
  SecretClientOptions,
  SecretHandle,
  VersionStage,
} from './types.js';

type AnyHolder = SecretHolder<unknown>;

/**
 * Creates the runtime client of one service. Generated accessor modules call this with their
 * descriptor; `Values` maps each secret the service reads to its value type.
 *
 * @throws SecretsError `CONFIGURATION` when the environment is missing or unknown, a schema does not
 * compile, or a selected store lacks its settings.
 */
export function createSecretClient<Values extends object>(
  descriptor: ServiceDescriptor,
  options: SecretClientOptions = {},
): SecretClient<Values> {
  return new LocksmithClient<Values>(descriptor, options);
}

/**
 * A holder whose refresh falls due within this share of its TTL joins a neighbour's refresh: the
 * whole jitter band (±10%), so the secrets of one store loaded together keep refreshing together,
 * in batches, while each process still picks its own moment within the band.
 */
const BATCH_WINDOW = 2 * JITTER;

class LocksmithClient<Values extends object> implements SecretClient<Values>, HolderHost {
  readonly service: string;
  readonly environment: string;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly random: () => number;
  readonly logger: Logger | undefined;
  readonly metrics: RuntimeMetrics;
  readonly timeoutMs: number;
  readonly maxStalenessMs: number;
  #closed = false;
  readonly #holders = new Map<string, AnyHolder>();
  readonly #providerOf = new Map<FetchTarget, Provider>();
  /** Holders by provider: the neighbours a refresh may take along in its batch. */
  readonly #groups = new Map<Provider, AnyHolder[]>();
  readonly #loader: Loader;
  readonly #masker = new Masker();
  readonly #batcher: Batcher;
  readonly #closing = new AbortController();
  readonly #owned: readonly Provider[];
  readonly #unwatch: (() => void)[] = [];

  constructor(descriptor: ServiceDescriptor, options: SecretClientOptions) {
    const processEnv = options.processEnv ?? process.env;
    this.service = descriptor.service;
    this.environment = pickEnvironment(descriptor, options.environment ?? processEnv.LOCKSMITH_ENV);
    const settings = resolveOptions(options);
    this.clock = options.clock ?? systemClock;
    this.scheduler = new Scheduler(this.clock);
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.timeoutMs = settings.timeoutMs;
    this.maxStalenessMs = settings.maxStalenessMs;
    this.metrics = createMetrics(options.metrics !== false, () => this.#gauges());
    this.#loader = new Loader({
      clock: this.clock,
      random: this.random,
      retry: settings.retry,
      breaker: settings.breaker,
      metrics: this.metrics,
      logger: this.logger,
    });
    this.#batcher = new Batcher(this.#loader, this.clock, this.timeoutMs, this.#closing.signal);
    const selection = selectProviders(
      descriptor,
      this.environment,
      options,
      processEnv,
      this.clock,
      this.logger,
    );
    this.#owned = selection.owned;
    for (const secret of Object.values(descriptor.secrets)) {
      validatorFor(secret);
      const provider = selection.bySecret.get(secret.name)!;
      const placement = secret.placements[this.environment] ?? { provider: 'aws', path: secret.name };
      const ttl = options.cacheTtlMs ?? secret.cacheTtlMs ?? DEFAULTS.cacheTtlMs;
      const holder: AnyHolder = new SecretHolder(secret, placement, provider.name, ttl, this);
      this.#holders.set(secret.name, holder);
      this.#providerOf.set(holder, provider);
      const group = this.#groups.get(provider);
      if (group) group.push(holder);
      else this.#groups.set(provider, [holder]);
    }
    for (const provider of this.#groups.keys()) {
      if (provider.watch) this.#unwatch.push(provider.watch((names) => this.#changed(names)));
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  secret<K extends keyof Values & string>(name: K): SecretHandle<Values[K]> {
    return this.#holder(name) as SecretHandle<Values[K]>;
  }

  get<K extends keyof Values & string>(name: K, options?: CallOptions): Promise<Values[K]> {
    const holder = this.#holders.get(name);
    if (holder === undefined) return Promise.reject(unknownSecret(name));
    return holder.get(options) as Promise<Values[K]>;
  }

  async preload(options?: CallOptions): Promise<void> {
    const flights: Promise<unknown>[] = [];
    const jitter = this.random();
    for (const holder of this.#holders.values()) {
      const flight = holder.ensureLoading(jitter);
      if (flight) flights.push(flight);
    }
    const limit = deadline(this.clock, options?.timeoutMs ?? this.timeoutMs, options?.signal);
    try {
      const settled = await raceSignal(Promise.allSettled(flights), limit.signal);
      const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as SecretsError] : []));
      if (failures.length > 0) throw new AggregateSecretsError(failures);
    } finally {
      limit.dispose();
    }
  }

  health(): HealthReport {
    const secrets = [...this.#holders.values()].map((h) => h.health());
    return { ready: [...this.#holders.values()].every((h) => h.loaded), secrets };
  }

  mask(text: string): string {
    return this.#masker.mask(text);
  }

  /** True when `text` holds a loaded value in any form the masker knows (leak guard). */
  containsSecret(text: string): boolean {
    return this.#masker.contains(text);
  }

  /** A scanner for a body written in pieces (leak guard). */
  leakStream(): LeakStream {
    return this.#masker.stream();
  }

  /** Builds the masker's index now, so the first guarded write does not pay for it. */
  prepareMasking(): void {
    this.#masker.prepare();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.abort(new SecretsError('CLOSED', 'client is closed'));
    for (const stop of this.#unwatch) stop();
    for (const holder of this.#holders.values()) holder.dispose();
    this.scheduler.stop();
    await Promise.all(this.#owned.map((p) => p.close?.()));
  }

  enqueue(holder: FetchTarget): Promise<FetchResult> {
    return this.#batcher.enqueue(this.#providerOf.get(holder)!, this.#request(holder, 'current'));
  }

  async fetchStage(holder: FetchTarget, stage: VersionStage, signal: AbortSignal): Promise<FetchResult> {
    const provider = this.#providerOf.get(holder)!;
    const [result] = await this.#loader.fetch(provider, [this.#request(holder, stage)], signal);
    return result!;
  }

  /**
   * One holder's refresh came due: refresh it, and with it every holder of the same store whose
   * own refresh would come within {@link BATCH_WINDOW} of its TTL — they go out in the same batch
   * and share one jitter draw for their next round. Secrets backing off after failures neither
   * join a round nor start one.
   */
  refreshDue(target: FetchTarget): void {
    const provider = this.#providerOf.get(target);
    const self = this.#holders.get(target.name);
    // A retry on the backoff schedule goes alone: it must not pull healthy secrets off theirs.
    if (self?.backingOff) {
      self.backgroundRefresh();
      return;
    }
    const now = this.clock.now();
    const jitter = this.random();
    for (const holder of (provider && this.#groups.get(provider)) ?? []) {
      const dueAt = holder === target ? now : holder.refreshDueAt();
      if (dueAt !== undefined && dueAt - now <= BATCH_WINDOW * holder.ttlMs) holder.backgroundRefresh(jitter);
    }
  }

  valuesChanged(source: MaskSource): void {
    this.#masker.changed(source);
  }

  #request(holder: FetchTarget, stage: VersionStage): FetchRequest {
    return { secret: holder.secret, placement: holder.placement, environment: this.environment, stage };
  }

  #holder(name: string): AnyHolder {
    const holder = this.#holders.get(name);
    if (holder === undefined) throw unknownSecret(name);
    return holder;
  }

  #changed(names: readonly string[]): void {
    for (const name of names) this.#holders.get(name)?.backgroundRefresh();
  }

  *#gauges() {
    for (const h of this.#holders.values()) {
      const { ageMs } = h.health();
      yield { secret: h.name, provider: h.providerName, hits: h.hits, misses: h.misses, ageMs };
    }
  }

  toJSON(): Record<string, unknown> {
    return { service: this.service, environment: this.environment, closed: this.#closed, ...this.health() };
  }

  [inspect.custom](): string {
    return `SecretClient ${inspect(this.toJSON(), { customInspect: false, depth: 3 })}`;
  }
}

function unknownSecret(name: string): SecretsError {
  return new SecretsError('CONFIGURATION', `secret "${name}" is not read by this service`, { secret: name });
}

/** True when `text` holds a value loaded by `client` (any encoding the masker knows). */
export function clientContainsSecret(client: SecretClient<object>, text: string): boolean {
  return client instanceof LocksmithClient ? client.containsSecret(text) : client.mask(text) !== text;
}

/** A streaming leak scanner over `client`'s values, when the client is this runtime's. */
export function clientLeakStream(client: SecretClient<object>): LeakStream | undefined {
  return client instanceof LocksmithClient ? client.leakStream() : undefined;
}

/** Builds `client`'s masking index now (guards call this when installed). */
export function prepareMasking(client: SecretClient<object>): void {
  if (client instanceof LocksmithClient) client.prepareMasking();
}

/** The logger `client` was created with, for the leak guard's events. */
export function clientLogger(client: SecretClient<object>): Logger | undefined {
  return client instanceof LocksmithClient ? client.logger : undefined;
}
