import type { SecretDescriptor, ServiceDescriptor } from '@locksmith/schema';
import { SecretsError } from './errors.js';
import { createAwsProvider } from './providers/aws.js';
import { createEnvProvider, warnEnvInProduction } from './providers/env.js';
import { createFallbackProvider } from './providers/fallback.js';
import { createFilesProvider } from './providers/files.js';
import { createVaultProvider } from './providers/vault.js';
import { chooseVaultAuth } from './providers/vault-auth-choice.js';
import type { Clock, Logger, Provider, ProviderKind, SecretClientOptions } from './types.js';

type StoreKind = Exclude<ProviderKind, 'store'>;
const KINDS: readonly ProviderKind[] = ['store', 'aws', 'vault', 'env', 'files'];
/** Default mount point of the `files` provider's root. */
export const DEFAULT_FILES_ROOT = '/var/run/secrets/locksmith';

/** The provider chosen for each secret, and the built-in providers the client owns (and closes). */
export interface Selection {
  readonly bySecret: ReadonlyMap<string, Provider>;
  readonly owned: readonly Provider[];
}

/**
 * Chooses a provider per secret: `options.provider` (a kind or an instance), else
 * `LOCKSMITH_PROVIDER`, else the environment's `source`; `store` means the placement's store.
 * `options.providers` replaces built-ins by kind. A fallback chain only when `options.fallback` is set.
 */
export function selectProviders(
  descriptor: ServiceDescriptor,
  environment: string,
  options: SecretClientOptions,
  processEnv: Readonly<Record<string, string | undefined>>,
  clock: Clock,
  logger: Logger | undefined,
): Selection {
  const forced = options.provider ?? processEnv.LOCKSMITH_PROVIDER;
  if (typeof forced === 'string' && !KINDS.includes(forced as ProviderKind)) {
    throw new SecretsError('CONFIGURATION', `LOCKSMITH_PROVIDER must be one of ${KINDS.join(', ')}`);
  }
  const env = descriptor.environments[environment];
  const instances = new Map<StoreKind, Provider>();
  const owned: Provider[] = [];
  const chains = new Map<string, Provider>();

  const instance = (kind: StoreKind): Provider => {
    let provider = instances.get(kind) ?? options.providers?.[kind];
    if (!provider) {
      provider = builtIn(kind, descriptor, environment, options, processEnv, clock);
      owned.push(provider);
    }
    instances.set(kind, provider);
    return provider;
  };

  const bySecret = new Map<string, Provider>();
  const fromEnv: string[] = [];
  for (const secret of Object.values(descriptor.secrets)) {
    let provider: Provider;
    if (typeof forced === 'object') provider = forced;
    else {
      const wanted = (forced as ProviderKind | undefined) ?? env?.source ?? 'store';
      const kind: StoreKind = wanted === 'store' ? storeOf(secret, environment) : wanted;
      provider = instance(kind);
    }
    if (options.fallback && options.fallback.length > 0) {
      const chain = [provider, ...options.fallback.map(instance).filter((p) => p !== provider)];
      const key = chain.map((p) => p.name).join('>');
      if (!chains.has(key)) chains.set(key, createFallbackProvider(chain));
      provider = chains.get(key)!;
    }
    if (provider.name.split('>').includes('env')) fromEnv.push(secret.name);
    bySecret.set(secret.name, provider);
  }
  if (env?.production && fromEnv.length > 0) {
    if (logger) warnEnvInProduction(logger, environment, fromEnv);
    else
      process.emitWarning(`locksmith: ${fromEnv.join(', ')} read from environment variables in production`);
  }
  return { bySecret, owned };
}

function storeOf(secret: SecretDescriptor, environment: string): StoreKind {
  const placement = secret.placements[environment];
  if (!placement) {
    throw new SecretsError(
      'CONFIGURATION',
      `secret "${secret.name}" has no placement in environment "${environment}"`,
      {
        secret: secret.name,
      },
    );
  }
  return placement.provider;
}

function builtIn(
  kind: StoreKind,
  descriptor: ServiceDescriptor,
  environment: string,
  options: SecretClientOptions,
  processEnv: Readonly<Record<string, string | undefined>>,
  clock: Clock,
): Provider {
  switch (kind) {
    case 'aws': {
      const region = descriptor.providers.aws?.region ?? processEnv.AWS_REGION;
      return createAwsProvider({
        ...(region ? { region } : {}),
        ...(options.awsEndpoint ? { endpoint: options.awsEndpoint } : {}),
      });
    }
    case 'vault': {
      const vault = descriptor.providers.vault;
      const endpoint = options.vaultEndpoint ?? processEnv.VAULT_ADDR;
      if (!vault || !endpoint) {
        throw new SecretsError(
          'CONFIGURATION',
          'vault provider needs the catalog vault block and VAULT_ADDR',
        );
      }
      return createVaultProvider({
        endpoint,
        mount: vault.mount,
        ...(vault.namespace ? { namespace: vault.namespace } : {}),
        auth: chooseVaultAuth(vault, environment, processEnv, options.serviceAccountTokenPath),
        clock,
      });
    }
    case 'env':
      return createEnvProvider(options.processEnv ? { env: options.processEnv } : {});
    case 'files':
      return createFilesProvider({
        root: options.filesRoot ?? processEnv.LOCKSMITH_FILES_ROOT ?? DEFAULT_FILES_ROOT,
      });
  }
}
