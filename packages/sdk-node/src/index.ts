/**
 * @locksmith/sdk-node — the Locksmith runtime: cached, refreshed, validated, rotation-aware
 * secrets from AWS Secrets Manager, Vault KV v2, environment variables or mounted files.
 * See docs/runtime.md for configuration, failure behaviour and rotation.
 * @packageDocumentation
 */

export { createSecretClient } from './client.js';
export { systemClock } from './clock.js';
export {
  AggregateSecretsError,
  isSecretsError,
  RETRYABLE,
  SecretsError,
  type SecretsErrorDetails,
} from './errors.js';
export { DEFAULTS } from './options.js';
export { type AwsProviderOptions, createAwsProvider } from './providers/aws.js';
export { createSecretsManagerClient, type SecretsManagerClientOptions } from './providers/aws-client.js';
export { createEnvProvider, type EnvProviderOptions } from './providers/env.js';
export { createFallbackProvider } from './providers/fallback.js';
export { createFilesProvider, type FilesProviderOptions } from './providers/files.js';
export {
  createVaultProvider,
  VAULT_STRING_KEY,
  type VaultAuth,
  type VaultProviderOptions,
} from './providers/vault.js';
export {
  connectVault,
  type VaultConnection,
  type VaultConnectionOptions,
  type VaultRequestClient,
} from './providers/vault-connection.js';
export { vaultStatus } from './providers/vault-errors.js';
export { encodedForms, REDACTED } from './redact/forms.js';
export {
  type GuardedStream,
  guardHttpServer,
  guardResponse,
  installLeakGuard,
  type LeakGuardOptions,
  SecretLeakError,
} from './redact/leak-guard.js';
export { type TryEachOptions, tryEach } from './rotation.js';
export { DEFAULT_FILES_ROOT } from './select.js';
export { metricsReady } from './telemetry/metrics.js';
export type * from './types.js';
