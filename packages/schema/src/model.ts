/**
 * The normalised catalog: what `loadCatalog()` returns after validation. Defaults are
 * applied, every template is resolved for every environment and every list is sorted,
 * so emitters and the runtime never re-derive anything and output is deterministic.
 * Every object is deeply frozen.
 */

/** A store that holds secrets. */
export type ProviderName = 'aws' | 'vault';

/** Where services read secrets at runtime in an environment. */
export type RuntimeSource = 'store' | 'env' | 'files';

/** How a secret rotates. */
export type RotationStrategy = 'managed' | 'dual-key' | 'manual';

/** Languages accessors can be generated in. */
export type AccessorLanguage = 'ts' | 'go' | 'python' | 'rust';

/** A duration as written in the catalog and in milliseconds. */
export interface Duration {
  readonly text: string;
  readonly ms: number;
}

export interface Environment {
  readonly name: string;
  readonly source: RuntimeSource;
  readonly production: boolean;
}

export interface AwsProvider {
  readonly region: string;
  readonly accountId: string;
  /** ARN partition of the region: `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  readonly nameTemplate: string;
  readonly kmsKeyId: string | undefined;
  readonly recoveryWindowDays: number;
  readonly rotationLambdaArn: string | undefined;
}

export type VaultAuthMethod = 'kubernetes' | 'approle' | 'token';

export interface VaultProvider {
  readonly mount: string;
  readonly pathTemplate: string;
  readonly namespace: string | undefined;
  /** 0 means Vault's default (10). */
  readonly maxVersions: number;
  readonly auth: {
    readonly method: VaultAuthMethod;
    readonly mount: string;
    readonly roleTemplate: string;
    readonly policyTemplate: string;
    /** Audience the Kubernetes auth roles require in service-account tokens. */
    readonly audience: string;
    /** Lifetime of the tokens the Kubernetes auth roles issue. */
    readonly tokenTtl: Duration;
  };
}

export interface Providers {
  readonly aws: AwsProvider | undefined;
  readonly vault: VaultProvider | undefined;
}

export type EsoApiVersion = 'external-secrets.io/v1' | 'external-secrets.io/v1beta1';

/** The ESO store each (service, environment) gets for one provider. */
export interface StoreSettings {
  /** Name template; placeholders {project}, {env}, {service}. */
  readonly nameTemplate: string;
  readonly kind: 'SecretStore' | 'ClusterSecretStore';
}

export interface KubernetesDefaults {
  /** Placeholders {project}, {env}, {service}. */
  readonly namespaceTemplate: string;
  readonly refreshInterval: Duration;
  readonly apiVersion: EsoApiVersion;
  readonly stores: { readonly aws: StoreSettings; readonly vault: StoreSettings };
  /** Placeholders {partition}, {accountId}, {project}, {env}, {service}. */
  readonly iamRoleArnTemplate: string;
}

export interface Service {
  readonly name: string;
  readonly description: string | undefined;
  /** Team responsible for the service; compared with secrets' owners by `locksmith plan`. */
  readonly owner: string | undefined;
  readonly serviceAccount: string;
  /** Environments the service runs in, in catalog order. */
  readonly environments: readonly string[];
  /** Sorted. */
  readonly languages: readonly AccessorLanguage[];
  /** Whether ESO copies the service's secrets into Kubernetes Secrets (false: it reads its store directly). */
  readonly externalSecrets: boolean;
  /** Names of the secrets this service reads, sorted. */
  readonly reads: readonly string[];
}

/** How to generate a value for tests, the demo and rotation. */
export type GenerateRule =
  | {
      readonly kind: 'random';
      readonly bytes: number;
      readonly encoding: 'base64' | 'base64url' | 'hex';
      readonly prefix: string;
    }
  | { readonly kind: 'password'; readonly length: number; readonly symbols: boolean; readonly prefix: string }
  | { readonly kind: 'template'; readonly template: string }
  | { readonly kind: 'uuid' };

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

/**
 * One value that travels as one environment variable. A string secret has one field
 * whose `name` is `null`; an object secret has one per property.
 */
export interface SecretField {
  readonly name: string | null;
  /** JSON pointer of this field's schema inside the catalog document. */
  readonly pointer: string;
  readonly env: string;
  readonly type: ScalarType;
  readonly required: boolean;
  readonly description: string | undefined;
  readonly format: string | undefined;
  readonly pattern: string | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly default: string | number | boolean | undefined;
  readonly generate: GenerateRule | undefined;
}

/** A JSON Schema object (the secret's value schema, with Locksmith annotations removed). */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface Rotation {
  readonly strategy: RotationStrategy;
  readonly every: Duration | undefined;
  readonly overlap: Duration | undefined;
}

/** Where one secret lives in one environment. */
export interface Placement {
  readonly environment: string;
  readonly provider: ProviderName;
  /** AWS secret name or Vault path under the mount. */
  readonly path: string;
  /** AWS only: ARN pattern with the six-character suffix AWS appends (`-??????`). */
  readonly arnPattern: string | undefined;
  /** AWS only: customer-managed KMS key, if any. */
  readonly kmsKeyId: string | undefined;
  /** Vault only: the KV v2 mount. */
  readonly mount: string | undefined;
  /** Services that run in this environment and read this secret, sorted. */
  readonly readers: readonly string[];
}

export interface Secret {
  readonly name: string;
  readonly description: string | undefined;
  /** Team responsible for the secret. */
  readonly owner: string | undefined;
  /** The default store; a placement may override it for one environment. */
  readonly provider: ProviderName;
  readonly kind: 'string' | 'object';
  /**
   * Value schema, ready for ajv and json-schema-to-typescript (no `env`/`generate`), with its
   * keys sorted and `required` sorted, so the order they were written in changes nothing.
   */
  readonly schema: JsonSchema;
  /** Sorted by name. */
  readonly fields: readonly SecretField[];
  /** Reader service names, sorted. */
  readonly readers: readonly string[];
  readonly rotation: Rotation;
  readonly cacheTtl: Duration | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** One placement per environment the secret exists in, in environment order. */
  readonly placements: readonly Placement[];
  /** JSON pointer of the secret in the catalog document. */
  readonly pointer: string;
}

export interface Catalog {
  /** Path of the file it was loaded from, as given. */
  readonly file: string;
  /** sha256 (hex) of the normalised catalog: stable across formatting-only edits. */
  readonly hash: string;
  readonly version: 1;
  readonly project: string;
  readonly environments: readonly Environment[];
  readonly providers: Providers;
  readonly kubernetes: KubernetesDefaults;
  /** Sorted by name. */
  readonly services: readonly Service[];
  /** Sorted by name. */
  readonly secrets: readonly Secret[];
}
