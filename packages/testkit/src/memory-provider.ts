import type { FetchRequest, FetchResult, Provider, RawValue, VersionStage } from '@locksmith/sdk-node';
import { SecretsError } from '@locksmith/sdk-node';
import type { TestSecretValue } from './generate/test-secrets.js';

/** One stored version of a memory secret. */
interface MemoryVersion {
  readonly versionId: string;
  readonly value: TestSecretValue;
  readonly createdAt: Date;
}

export interface MemoryProviderOptions {
  /** Provider name in metrics and health (default `memory`). */
  readonly name?: string;
  /** Largest batch one `fetch` accepts (default 100). */
  readonly maxBatchSize?: number;
  /** Time source for version dates (default `Date.now`). */
  readonly now?: () => number;
}

/** The runtime's Provider, backed by a map, plus the controls tests need. */
export interface MemoryProvider extends Provider {
  /** Stores a new current version; the old current becomes previous. Returns the version id. */
  set(secretName: string, value: TestSecretValue): string;
  /** Alias of `set`, named for what a rotation test means. */
  rotate(secretName: string, value: TestSecretValue): string;
  /** Removes a secret: later fetches answer NOT_FOUND. */
  delete(secretName: string): void;
  /**
   * Makes the next fetches of a secret fail with this error: the next `times` requests for it
   * (default: every one until `clearFailure`).
   */
  fail(secretName: string, error: SecretsError, times?: number): void;
  clearFailure(secretName: string): void;
  /**
   * Makes every later fetch wait until its signal aborts (or `release()`), like a store that
   * stopped answering. Returns a probe that turns true once a fetch is waiting; its `reached`
   * promise resolves at that moment.
   */
  hang(): HangProbe;
  /** Lets hung and later fetches complete again. */
  release(): void;
  /** How many requests each secret has been fetched for. */
  readonly fetchCounts: ReadonlyMap<string, number>;
}

/** True once a fetch waits on a hung store; `reached` resolves when the first one does. */
export interface HangProbe {
  (): boolean;
  readonly reached: Promise<void>;
}

const toRaw = (value: TestSecretValue): RawValue =>
  typeof value === 'object'
    ? { kind: 'text', text: JSON.stringify(value) }
    : { kind: 'text', text: String(value) };

/**
 * An in-memory Provider keyed by secret name: the one-line store for service tests. Values are
 * returned as the AWS provider returns them (JSON text for objects), so decoding and validation
 * run as in production. Versions count up from `1`; `previous` is the version before current.
 */
export function memoryProvider(
  values: Readonly<Record<string, TestSecretValue>> = {},
  options: MemoryProviderOptions = {},
): MemoryProvider {
  const now = options.now ?? Date.now;
  const versions = new Map<string, MemoryVersion[]>();
  const failures = new Map<string, { error: SecretsError; remaining: number }>();
  let onWaiting: (() => void) | undefined;
  const fetchCounts = new Map<string, number>();
  let counter = 0;
  let hanging = false;
  let waiting = 0;
  const releases = new Set<() => void>();
  const providerName = options.name ?? 'memory';
  // A deadline aborts with a SecretsError (TIMEOUT) as its reason; any other abort is ABORTED.
  const aborted = (signal: AbortSignal): SecretsError =>
    signal.reason instanceof SecretsError
      ? signal.reason
      : new SecretsError('ABORTED', 'memory: fetch aborted', { provider: providerName });

  /** Resolves on release, rejects on abort. */
  const waitWhileHanging = (signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      waiting += 1;
      onWaiting?.();
      const done = (): void => {
        waiting -= 1;
        releases.delete(release);
        signal.removeEventListener('abort', onAbort);
      };
      const release = (): void => {
        done();
        resolve();
      };
      const onAbort = (): void => {
        done();
        reject(aborted(signal));
      };
      releases.add(release);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  const set = (secretName: string, value: TestSecretValue): string => {
    counter += 1;
    const versionId = String(counter);
    const list = versions.get(secretName) ?? [];
    list.push({ versionId, value, createdAt: new Date(now()) });
    versions.set(secretName, list);
    return versionId;
  };
  for (const [name, value] of Object.entries(values)) set(name, value);

  const pick = (secretName: string, stage: VersionStage): MemoryVersion | undefined => {
    const list = versions.get(secretName) ?? [];
    if (stage === 'current') return list.at(-1);
    if (stage === 'previous') return list.at(-2);
    return undefined;
  };

  const one = (request: FetchRequest): FetchResult => {
    const name = request.secret.name;
    fetchCounts.set(name, (fetchCounts.get(name) ?? 0) + 1);
    const failure = failures.get(name);
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) failures.delete(name);
      return { ok: false, error: failure.error };
    }
    const version = pick(name, request.stage);
    if (!version) {
      const error = new SecretsError('NOT_FOUND', `memory: no ${request.stage} version of "${name}"`, {
        secret: name,
        provider: providerName,
      });
      return { ok: false, error };
    }
    return {
      ok: true,
      version: { versionId: version.versionId, value: toRaw(version.value), createdAt: version.createdAt },
    };
  };

  return {
    name: providerName,
    maxBatchSize: options.maxBatchSize ?? 100,
    async fetch(requests, signal) {
      try {
        if (signal.aborted) throw aborted(signal);
        if (hanging) await waitWhileHanging(signal);
      } catch (error) {
        // As the store providers do: every request gets the abort, naming its own secret.
        if (!(error instanceof SecretsError)) throw error;
        return requests.map((r) => ({ ok: false, error: error.forSecret(r.secret.name) }));
      }
      return requests.map(one);
    },
    hang() {
      hanging = true;
      const reached = new Promise<void>((resolve) => {
        if (waiting > 0) resolve();
        else onWaiting = resolve;
      });
      return Object.assign(() => waiting > 0, { reached });
    },
    release() {
      hanging = false;
      for (const release of [...releases]) release();
    },
    set,
    rotate: set,
    delete(secretName) {
      versions.delete(secretName);
    },
    fail(secretName, error, times = Number.POSITIVE_INFINITY) {
      failures.set(secretName, { error, remaining: times });
    },
    clearFailure(secretName) {
      failures.delete(secretName);
    },
    fetchCounts,
  };
}
