export { systemClock } from './clock.js';
export {
  AggregateSecretsError,
  isSecretsError,
  RETRYABLE,
  SecretsError,
  type SecretsErrorDetails,
} from './errors.js';
export { type AwsProviderOptions, createAwsProvider } from './providers/aws.js';
export { createEnvProvider, type EnvProviderOptions } from './providers/env.js';
export { createFilesProvider, type FilesProviderOptions } from './providers/files.js';
export {
  createVaultProvider,
  VAULT_STRING_KEY,
  type VaultAuth,
  type VaultProviderOptions,
} from './providers/vault.js';
export type * from './types.js';
