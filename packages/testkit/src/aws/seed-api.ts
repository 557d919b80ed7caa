import { AwsError } from './errors.js';
import type { SecretPayload } from './model.js';
import type { SecretsStore } from './store.js';

/** A value to seed: a string, bytes (SecretBinary), or an object stored as a JSON SecretString. */
export type AwsSeedValue = string | Uint8Array | Readonly<Record<string, unknown>>;

/** One version as the seed/inspect API reports it. */
export interface AwsVersionInfo {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly createdAt: number;
}

/** Direct access to the fake's data, bypassing HTTP, faults and policies. */
export interface FakeSecretsManagerStore {
  /** Creates a secret (with a first AWSCURRENT version when a value is given). */
  create(
    name: string,
    value?: AwsSeedValue,
    options?: { description?: string; tags?: Record<string, string>; kmsKeyId?: string; versionId?: string },
  ): { arn: string; name: string; versionId: string | undefined };
  /** Adds a version (AWSCURRENT unless `stages` says otherwise). */
  put(
    secretId: string,
    value: AwsSeedValue,
    options?: { stages?: readonly string[]; versionId?: string },
  ): AwsVersionInfo;
  /** Creates the secret if needed, otherwise adds a new AWSCURRENT version. */
  set(name: string, value: AwsSeedValue): { arn: string; versionId: string };
  /** Reads a version's value (AWSCURRENT by default); undefined when missing. */
  read(
    secretId: string,
    options?: { stage?: string; versionId?: string },
  ): (AwsVersionInfo & { value: string | Uint8Array }) | undefined;
  describe(
    secretId: string,
  ):
    | { arn: string; name: string; scheduledForDeletion: boolean; versions: readonly AwsVersionInfo[] }
    | undefined;
  names(): string[];
  /** Makes reads fail with DecryptionFailure, as when the secret's KMS key is disabled. */
  setUndecryptable(secretId: string, undecryptable?: boolean): void;
  /** Removes a secret at once (no recovery window). */
  remove(secretId: string): void;
  clear(): void;
}

const toPayload = (value: AwsSeedValue): SecretPayload =>
  typeof value === 'string'
    ? { string: value }
    : value instanceof Uint8Array
      ? { binary: value }
      : { string: JSON.stringify(value) };

const info = (v: { versionId: string; stages: string[]; createdAt: number }): AwsVersionInfo => ({
  versionId: v.versionId,
  stages: [...v.stages],
  createdAt: v.createdAt,
});

/** Wraps the store in the public seed/inspect API. */
export function createSeedApi(store: SecretsStore): FakeSecretsManagerStore {
  const api: FakeSecretsManagerStore = {
    create(name, value, options = {}) {
      const { secret, version } = store.create({
        name,
        payload: value === undefined ? undefined : toPayload(value),
        versionId: options.versionId,
        description: options.description,
        kmsKeyId: options.kmsKeyId,
        tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      });
      return { arn: secret.arn, name: secret.name, versionId: version?.versionId };
    },
    put(secretId, value, options = {}) {
      const secret = store.requireLive(secretId);
      return info(store.putVersion(secret, toPayload(value), options.versionId, options.stages));
    },
    set(name, value) {
      const existing = store.find(name);
      if (!existing) {
        const created = api.create(name, value);
        return { arn: created.arn, versionId: created.versionId ?? '' };
      }
      return { arn: existing.arn, versionId: api.put(name, value).versionId };
    },
    read(secretId, options = {}) {
      const secret = store.find(secretId);
      if (!secret) return undefined;
      try {
        const v = store.resolveVersion(secret, options.versionId, options.stage);
        return { ...info(v), value: 'string' in v.payload ? v.payload.string : v.payload.binary };
      } catch (error) {
        if (error instanceof AwsError) return undefined;
        throw error;
      }
    },
    describe(secretId) {
      const secret = store.find(secretId);
      if (!secret) return undefined;
      return {
        arn: secret.arn,
        name: secret.name,
        scheduledForDeletion: secret.deletedAt !== undefined,
        versions: secret.versions.map(info),
      };
    },
    names: () => store.all().map((s) => s.name),
    setUndecryptable(secretId, undecryptable = true) {
      store.require(secretId).undecryptable = undecryptable;
    },
    remove(secretId) {
      store.remove(store.require(secretId));
    },
    clear: () => store.clear(),
  };
  return api;
}
