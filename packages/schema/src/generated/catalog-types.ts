/* Generated from catalog.schema.json by scripts/gen-types.ts. Do not edit; run `pnpm --filter @locksmith/schema gen:types`. */

/**
 * A lower-case name: letters, digits and hyphens, starting with a letter, at most 63 characters (valid as a Kubernetes name).
 */
export type Name = string;
/**
 * JSON Schema of the secret's value: a string, or an object whose fields are scalars. It types the generated accessor and validates every fetched value.
 */
export type ValueSchema = {type: 'string' | 'object'; [keyword: string]: unknown};

/**
 * A Locksmith secret catalog: the one source of truth for every secret a project's services read, where each lives in every environment, who may read it and how it rotates.
 */
export interface LocksmithCatalog {
  /**
   * Location of this JSON Schema, for editors that read it from the document.
   */
  $schema?: string;
  /**
   * Catalog format version. Only 1 exists today.
   */
  version: 1;
  /**
   * Short project name; substituted for {project} in name and path templates.
   */
  project: string;
  /**
   * Deployment environments, in promotion order. A plain name or an object that chooses where services read secrets at runtime.
   *
   * @minItems 1
   */
  environments: [Name | Environment, ...(Name | Environment)[]];
  /**
   * The secret stores this project uses and how secrets are named in each.
   */
  providers: {
    aws?: AwsProvider;
    vault?: VaultProvider;
  };
  kubernetes?: Kubernetes;
  /**
   * Services that read secrets, keyed by service name.
   */
  services: {
    [k: string]: Service;
  };
  /**
   * Secrets, keyed by secret name.
   */
  secrets: {
    [k: string]: Secret;
  };
}
/**
 * An environment with runtime settings.
 */
export interface Environment {
  /**
   * A lower-case name: letters, digits and hyphens, starting with a letter, at most 63 characters (valid as a Kubernetes name).
   */
  name: string;
  /**
   * Where services read secrets at runtime in this environment unless LOCKSMITH_PROVIDER says otherwise: the secret's store (aws or vault), environment variables (local development with .env), or files mounted from Kubernetes Secrets.
   */
  source?: 'store' | 'env' | 'files';
  /**
   * Marks a production environment; the runtime warns loudly when it reads env vars there. Defaults to true for environments named prod or production.
   */
  production?: boolean;
}
/**
 * AWS Secrets Manager.
 */
export interface AwsProvider {
  /**
   * AWS region that holds the secrets.
   */
  region: string;
  /**
   * 12-digit AWS account id; used to build exact secret ARNs for IAM policies.
   */
  accountId: string;
  /**
   * Secret name template. Placeholders: {project}, {env}, {secret}.
   */
  name?: string;
  /**
   * Customer-managed KMS key that encrypts the secrets (key id, key ARN, alias or alias ARN). Omit to use the AWS-managed key aws/secretsmanager.
   */
  kmsKeyId?: string;
  /**
   * Days a deleted secret can be restored (0 deletes at once, otherwise 7 to 30).
   */
  recoveryWindowDays?: number;
  /**
   * Lambda that performs managed rotation, for secrets with rotation.strategy managed: arn:<partition>:lambda:<region>:<account>:function:<name>. Placeholders: {project}, {env}, {secret}.
   */
  rotationLambdaArn?: string;
}
/**
 * HashiCorp Vault, KV version 2 secrets engine.
 */
export interface VaultProvider {
  /**
   * Mount path of the KV v2 engine: segments of letters, digits, _ . - separated by /, no . or .. segments, not a Vault system path (sys, auth, identity, cubbyhole).
   */
  mount: string;
  /**
   * Path template under the mount. Placeholders: {project}, {env}, {secret}.
   */
  path?: string;
  /**
   * Vault Enterprise namespace (sent as X-Vault-Namespace): segments of letters, digits, _ . - separated by /.
   */
  namespace?: string;
  /**
   * Versions Vault keeps per secret (0 means Vault's default of 10). dual-key rotation needs at least 2.
   */
  maxVersions?: number;
  /**
   * How services log in to Vault.
   */
  auth?: {
    /**
     * Auth method: Kubernetes service-account login, AppRole, or a token given at runtime.
     */
    method?: 'kubernetes' | 'approle' | 'token';
    /**
     * Mount path of the auth method; defaults to the method name. Segments of letters, digits, _ . - separated by /.
     */
    mount?: string;
    /**
     * Role name template, one role per service and environment. Placeholders: {project}, {env}, {service}.
     */
    role?: string;
    /**
     * Policy name template, one policy per service and environment. Placeholders: {project}, {env}, {service}.
     */
    policy?: string;
    /**
     * Audience the Kubernetes auth roles require in service-account tokens (ESO requests tokens with it; services mount a projected token with it).
     */
    audience?: string;
    /**
     * Lifetime of the Vault tokens the Kubernetes auth roles issue.
     */
    tokenTtl?: string;
  };
}
/**
 * Defaults for the Kubernetes manifests (External Secrets Operator).
 */
export interface Kubernetes {
  /**
   * Namespace template. Placeholders: {project}, {env}, {service}. Must resolve to a valid Kubernetes namespace (at most 63 characters).
   */
  namespace?: string;
  /**
   * How often ESO re-reads each secret from its store.
   */
  refreshInterval?: string;
  /**
   * ESO API version; v1beta1 only for clusters on ESO before 0.17.
   */
  apiVersion?: 'external-secrets.io/v1' | 'external-secrets.io/v1beta1';
  /**
   * The ESO store for each provider.
   */
  stores?: {
    aws?: Store;
    vault?: Store;
  };
  /**
   * IRSA role ARN template, one role per service and environment, annotated on each ServiceAccount. Placeholders: {partition}, {accountId}, {project}, {env}, {service}. The role name may be at most 64 characters.
   */
  iamRoleArn?: string;
}
/**
 * External Secrets Operator store that reads this provider for one service in one environment, authenticated as that service.
 */
export interface Store {
  /**
   * Store name template. Placeholders: {project}, {env}, {service}. Must resolve to a different valid Kubernetes name for every service and environment. Defaults to {service}-aws-{env} / {service}-vault-{env}.
   */
  name?: string;
  /**
   * SecretStore: namespaced, in the service's namespace (the default). ClusterSecretStore: cluster-scoped, restricted with spec.conditions to the service's namespace.
   */
  kind?: 'SecretStore' | 'ClusterSecretStore';
}
/**
 * A service that reads secrets.
 */
export interface Service {
  /**
   * What the service does.
   */
  description?: string;
  /**
   * Team responsible for the service. `locksmith plan` flags a change that lets a service read a secret whose owner is another team.
   */
  owner?: string;
  /**
   * A lower-case name: letters, digits and hyphens, starting with a letter, at most 63 characters (valid as a Kubernetes name).
   */
  serviceAccount?: string;
  /**
   * Environments the service runs in; defaults to all.
   */
  environments?: Name[];
  /**
   * Languages to generate typed accessors in.
   */
  languages?: ('ts' | 'go' | 'python' | 'rust')[];
  /**
   * Whether External Secrets Operator copies the service's secrets into Kubernetes Secrets. false for a service that reads its store directly with its own identity: no ExternalSecrets, stores or Secret RBAC are generated for it.
   */
  externalSecrets?: boolean;
}
/**
 * A secret: its store, the shape of its value, its readers and its rotation.
 */
export interface Secret {
  /**
   * What the secret is for; appears in generated docs and .env.example (at most 2048 characters, the AWS limit).
   */
  description?: string;
  /**
   * Team responsible for the secret. `locksmith plan` flags a change that lets a service of another team (by the service's owner) read it.
   */
  owner?: string;
  /**
   * The store that holds the secret.
   */
  provider: 'aws' | 'vault';
  /**
   * Environments the secret exists in; defaults to all.
   */
  environments?: Name[];
  schema: ValueSchema;
  /**
   * Services allowed to read the secret. Everything else is denied.
   */
  readers: Name[];
  rotation?: Rotation;
  /**
   * Per-environment overrides, keyed by environment name.
   */
  overrides?: {
    [k: string]: {
      /**
       * Store for this environment.
       */
      provider?: 'aws' | 'vault';
      /**
       * Exact AWS name or Vault path for this environment (templates allowed).
       */
      path?: string;
      /**
       * KMS key for this environment (AWS).
       */
      kmsKeyId?: string;
    };
  };
  /**
   * How long the runtime caches the value before refreshing it; defaults to 5m.
   */
  cacheTtl?: string;
  /**
   * Free-form tags, copied to AWS secret tags (AWS tag rules apply).
   */
  tags?: {
    /**
     * AWS tag value: at most 256 letters, digits, spaces and _ . : / = + - @.
     */
    [k: string]: string;
  };
}
/**
 * How and how often the secret is rotated.
 */
export interface Rotation {
  /**
   * managed: the store rotates it (AWS rotation Lambda). dual-key: a new version is added and the previous one stays valid for the overlap. manual: a person rotates it.
   */
  strategy: 'managed' | 'dual-key' | 'manual';
  /**
   * Rotation interval.
   */
  every?: string;
  /**
   * dual-key only: how long the previous version stays accepted after a rotation.
   */
  overlap?: string;
}
