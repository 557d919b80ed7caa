import type { PlacementDescriptor, SecretDescriptor, ServiceDescriptor } from '@locksmith/schema';

/**
 * Public contract of the runtime. Generated accessor modules (from `locksmith gen`) call
 * `createSecretClient<Values>(descriptor, options)` and hand the typed client to the service.
 * `Values` maps secret name → value type; only secrets the service reads are keys, so reading
 * another service's secret is a compile error.
 */

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
}

export interface HealthReport {
  /** True when every secret has a value within its staleness bound. */
  readonly ready: boolean;
  readonly secrets: readonly SecretHealth[];
}

/** The two versions a dual-key rotation needs. */
export interface SecretVersions<V> {
  readonly current: { readonly versionId: string; readonly value: V };
  readonly previous?: { readonly versionId: string; readonly value: V };
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
  versions(options?: CallOptions): Promise<SecretVersions<V>>;
  /** Fires after a refresh sees a new version. Returns an unsubscribe function. */
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
