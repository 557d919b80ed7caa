import type { PlacementDescriptor, SecretDescriptor, ServiceDescriptor } from '@locksmith/schema';

/**
 * Public contract of the runtime. Generated accessor modules (from `locksmith gen`) call
 * `createSecretClient<Values>(descriptor, options)` and hand the typed client to the service.
 * `Values` maps secret name → value type; only secrets the service reads are keys, so reading
 * another service's secret is a compile error.
 */

/** The runtime descriptor types, from @locksmith/schema (codegen writes a ServiceDescriptor literal per service). */
export type { PlacementDescriptor, SecretDescriptor, ServiceDescriptor };

/** Version stages a store can be asked for. */
export type VersionStage = 'current' | 'previous' | 'pending';

/** A raw value as a provider returns it, before decoding and validation. */
export type RawValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  /** One string per field name (`''` key for a string secret): env vars and mounted files. */
  | { readonly kind: 'fields'; readonly fields: Readonly<Record<string, string>> };

/** One version of a secret as fetched from a store. */
export interface RawVersion {
  /** Store version id (AWS VersionId, Vault KV version number as a string, file content hash…). */
  readonly versionId: string;
  readonly value: RawValue;
  readonly createdAt?: Date;
}

/** One secret a provider is asked to fetch. */
export interface FetchRequest {
  readonly secret: SecretDescriptor;
  readonly placement: PlacementDescriptor;
  readonly environment: string;
  readonly stage: VersionStage;
}

/** The answer for one request of a batch: a version or a typed error, never both. */
export type FetchResult =
  | { readonly ok: true; readonly version: RawVersion }
  | { readonly ok: false; readonly error: SecretsError };

/** Stable error codes. Retryable: THROTTLED, UNAVAILABLE, TIMEOUT, NETWORK, MALFORMED_RESPONSE. */
export type SecretsErrorCode =
  | 'NOT_FOUND'
  | 'UNSAFE_PATH'
  | 'ACCESS_DENIED'
  | 'DECRYPTION_FAILED'
  | 'MARKED_FOR_DELETION'
  | 'INVALID_REQUEST'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'MALFORMED_RESPONSE'
  | 'AUTH_FAILED'
  | 'VALIDATION_FAILED'
  | 'NOT_LOADED'
  | 'CIRCUIT_OPEN'
  | 'ABORTED'
  | 'CLOSED'
  | 'CONFIGURATION';

/**
 * Every runtime failure is a SecretsError with a stable `code`. Messages and causes name
 * the secret, field and rule, never the value. (Implemented in errors.ts.)
 */
export interface SecretsError extends Error {
  readonly code: SecretsErrorCode;
  readonly retryable: boolean;
  readonly secret: string | undefined;
  /** JSON pointer of the offending field, for validation failures. */
  readonly field?: string | undefined;
  /** The failing rule (ajv keyword, `type`, `json`, `required`), for validation failures. */
  readonly rule?: string | undefined;
}

/**
 * A store behind the runtime. Implementations: AWS Secrets Manager, Vault KV v2, env, files,
 * and the testkit's memory provider. A provider does one attempt per call: retries, backoff,
 * caching and breaking are the runtime's job, so they never multiply.
 */
export interface Provider {
  /** 'aws' | 'vault' | 'env' | 'files' | 'memory' or a custom name; used in metrics and health. */
  readonly name: string;
  /** Most requests one `fetch` call may carry (AWS: 20 with BatchGetSecretValue; others: any). */
  readonly maxBatchSize: number;
  fetch(requests: readonly FetchRequest[], signal: AbortSignal): Promise<readonly FetchResult[]>;
  /** Optional push notifications (mounted files): called with the names of secrets that changed. */
  watch?(onChange: (secretNames: readonly string[]) => void): () => void;
  close?(): Promise<void>;
}

/** Per-secret state reported by `health()`. Never holds a value. */
export interface SecretHealth {
  readonly secret: string;
  readonly state: 'fresh' | 'stale' | 'failed' | 'cold';
  readonly provider: string;
  readonly ageMs: number | undefined;
  readonly versionId: string | undefined;
  readonly lastErrorCode: SecretsErrorCode | undefined;
  /**
   * When the previous version stops being offered (ISO 8601): the current version's creation date
   * in the store plus the catalog's rotation overlap. Undefined when the secret has no overlap (the
   * previous version is then offered until the next rotation) or no value is loaded.
   */
  readonly overlapEndsAt: string | undefined;
  /** True when `revokePrevious()` withdrew the previous version of the current one. */
  readonly previousRevoked: boolean;
}

/** What `health()` returns: per-secret state and the verdict for a readiness probe. */
export interface HealthReport {
  /** True when every secret has a value within its staleness bound. */
  readonly ready: boolean;
  readonly secrets: readonly SecretHealth[];
}

/** One version of a secret's value. */
export interface SecretVersion<V> {
  readonly versionId: string;
  readonly value: V;
  /**
   * When the store created this version (AWS `CreatedDate`, Vault `created_time`, the mounted
   * directory's modification time); for a provider that reports none, when this process first loaded it.
   */
  readonly createdAt?: Date;
}

/** The previous version, while the rotation overlap still offers it. */
export interface PreviousSecretVersion<V> extends SecretVersion<V> {
  /** End of the overlap: `tryEach` stops trying this version after it. Absent: until the next rotation. */
  readonly offeredUntil?: Date;
}

/** The two versions a dual-key rotation needs. */
export interface SecretVersions<V> {
  readonly current: SecretVersion<V>;
  /** Present only during the overlap, and not after `revokePrevious()`. */
  readonly previous?: PreviousSecretVersion<V>;
}

/** Minimal pino-compatible logger. Locksmith only ever passes names, codes and numbers. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Time source; tests pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { unref?(): unknown } | number;
  clearTimeout(handle: unknown): void;
}

/** Per-call options accepted by every method that may reach a store. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Per-call timeout in ms (default: options.timeoutMs). */
  readonly timeoutMs?: number;
}

/** A typed handle on one secret. */
export interface SecretHandle<V> {
  readonly name: string;
  /** Warm: a memory read. Cold: fetches once, however many callers wait. */
  get(options?: CallOptions): Promise<V>;
  /** The loaded value, synchronously; throws NOT_LOADED when cold. */
  current(): V;
  /**
   * The current version and, during the rotation overlap (until the current version's creation
   * date plus the catalog's `overlap`), the previous one.
   */
  versions(options?: CallOptions): Promise<SecretVersions<V>>;
  /**
   * Runs `attempt` with the current value, then with the previous one while the overlap offers it
   * (verify a JWT or webhook signed with either key). Rethrows the current version's error.
   */
  tryEach<R>(attempt: (value: V, versionId: string) => R | Promise<R>, options?: CallOptions): Promise<R>;
  /**
   * Stops offering the previous version of the current one at once, before the overlap ends (a
   * leaked key). Applies to this process until the next rotation; loads the secret first if cold.
   */
  revokePrevious(options?: CallOptions): Promise<void>;
  /**
   * Fires once per new version id: after a refresh, a files watch, or a reload after expiry or
   * `invalidate()`. Returns an unsubscribe function.
   */
  onChange(listener: (versions: SecretVersions<V>) => void): () => void;
  refresh(options?: CallOptions): Promise<V>;
  invalidate(): void;
}

/** The client a generated accessor module returns. */
export interface SecretClient<Values extends object> {
  readonly service: string;
  readonly environment: string;
  secret<K extends keyof Values & string>(name: K): SecretHandle<Values[K]>;
  get<K extends keyof Values & string>(name: K, options?: CallOptions): Promise<Values[K]>;
  /** Loads every secret in the fewest store calls; throws one error listing every failure. */
  preload(options?: CallOptions): Promise<void>;
  health(): HealthReport;
  /** Replaces every loaded value (and its base64 / URL-encoded forms) in `text` with `[REDACTED]`. */
  mask(text: string): string;
  close(): Promise<void>;
}

/** Which store a secret is read from: `store` means the placement's own store (aws or vault). */
export type ProviderKind = 'store' | 'aws' | 'vault' | 'env' | 'files';

/** Retry policy for retryable codes: exponential backoff with full jitter. */
export interface RetryOptions {
  /** Attempts per call, including the first (default 3). */
  readonly attempts?: number;
  /** Base delay in ms (default 100). */
  readonly baseMs?: number;
  /** Largest delay in ms (default 2000). */
  readonly capMs?: number;
}

/** Circuit breaker per provider. */
export interface BreakerOptions {
  /** Consecutive failed calls that open the breaker (default 5). */
  readonly failureThreshold?: number;
  /** How long it stays open before one probe is let through, in ms (default 30000). */
  readonly cooldownMs?: number;
}

/** Options of `createSecretClient`. Every field is optional; defaults are listed in docs/runtime.md. */
export interface SecretClientOptions {
  /** Environment name (default: `LOCKSMITH_ENV`). Must be one of the descriptor's environments. */
  readonly environment?: string;
  /**
   * Force one store for every secret: a kind (default: `LOCKSMITH_PROVIDER`, else the environment's
   * source in the catalog) or a Provider instance (e.g. the testkit's memory provider).
   */
  readonly provider?: ProviderKind | Provider;
  /** Provider instances to use instead of the built-in ones, by kind (`aws`, `vault`, `env`, `files`). */
  readonly providers?: Readonly<Partial<Record<Exclude<ProviderKind, 'store'>, Provider>>>;
  /** Stores to try, in order, when the selected one fails. Only used when given. */
  readonly fallback?: readonly Exclude<ProviderKind, 'store'>[];
  /** Endpoint override for the built-in AWS provider (tests, LocalStack). */
  readonly awsEndpoint?: string;
  /** Address of Vault for the built-in Vault provider (default: `VAULT_ADDR`). */
  readonly vaultEndpoint?: string;
  /**
   * The pod's service-account JWT for Vault Kubernetes auth (default
   * `/var/run/secrets/kubernetes.io/serviceaccount/token`). When the catalog says `kubernetes`, this
   * file does not exist and `VAULT_TOKEN` is set, the token is used instead (local development);
   * `LOCKSMITH_VAULT_AUTH=token|approle|kubernetes` overrides the catalog's method outright.
   */
  readonly serviceAccountTokenPath?: string;
  /** Root of mounted secret directories for the `files` provider (default `LOCKSMITH_FILES_ROOT` or `/var/run/secrets/locksmith`). */
  readonly filesRoot?: string;
  /** Overrides every secret's TTL in ms (default: the secret's `cacheTtlMs`, else 300000). */
  readonly cacheTtlMs?: number;
  /** How long a value may be served after refreshes started failing, in ms (default 3600000). */
  readonly maxStalenessMs?: number;
  /** Budget of one call (`get`, `refresh`, `preload`…) including retries, in ms (default 10000). */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly breaker?: BreakerOptions;
  /** Time source (tests pass a fake one). */
  readonly clock?: Clock;
  /** Uniform random in [0, 1) for jitter (tests pass a seeded one). */
  readonly random?: () => number;
  /** Receives events (refresh failed, stale serve, breaker open) — names and codes only. */
  readonly logger?: Logger;
  /** Set false to skip OpenTelemetry metrics even when `@opentelemetry/api` is installed. */
  readonly metrics?: boolean;
  /** Where `LOCKSMITH_*` variables and env-provider values are read (default `process.env`). */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}
