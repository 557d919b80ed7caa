import type { Catalog, Placement, ProviderName } from '@locksmith/schema';
import type { EnvVars } from '../context.js';
import { usageError } from '../errors.js';
import { createAwsStore } from './aws.js';
import type { SecretStore, StoreLocation } from './types.js';
import { createVaultStore } from './vault.js';
import { vaultOptionsFromEnv } from './vault-credentials.js';

/** The stores an environment uses, opened lazily and closed together. */
export interface StoreSet {
  get(provider: ProviderName): SecretStore;
  close(): void;
}

/**
 * Opens the real clients: AWS through the SDK chain (`--aws-endpoint` overrides the endpoint),
 * Vault through `--vault-addr`/VAULT_ADDR and VAULT_TOKEN. A store the catalog or the environment
 * does not configure is a usage error when first needed.
 */
/** The store flags of a command (`--aws-endpoint`, `--vault-addr`). */
export interface StoreFlags {
  readonly awsEndpoint?: string | undefined;
  readonly vaultAddr?: string | undefined;
}

export function openStores(catalog: Catalog, flags: StoreFlags, env: EnvVars, command: string): StoreSet {
  const open = new Map<ProviderName, SecretStore>();
  return {
    get(provider) {
      const existing = open.get(provider);
      if (existing) return existing;
      const store =
        provider === 'aws' ? openAws(catalog, flags, env, command) : openVault(catalog, flags, env, command);
      open.set(provider, store);
      return store;
    },
    close() {
      for (const store of open.values()) store.close();
    },
  };
}

function openAws(catalog: Catalog, flags: StoreFlags, env: EnvVars, command: string): SecretStore {
  const aws = catalog.providers.aws;
  if (!aws) throw usageError(`${command}: the catalog configures no AWS provider.`);
  return createAwsStore({
    region: aws.region,
    endpoint: flags.awsEndpoint,
    env,
  });
}

function openVault(catalog: Catalog, flags: StoreFlags, env: EnvVars, command: string): SecretStore {
  const vault = catalog.providers.vault;
  if (!vault) throw usageError(`${command}: the catalog configures no Vault provider.`);
  const options = vaultOptionsFromEnv(env, flags.vaultAddr, vault.mount, vault.namespace, vault.auth);
  if (!options) {
    throw usageError(
      `${command}: Vault needs an address (--vault-addr or VAULT_ADDR) and credentials: VAULT_TOKEN, ` +
        'VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole), or VAULT_K8S_ROLE (Kubernetes auth).',
    );
  }
  return createVaultStore(options);
}

/** Where a placement lives, as a store call takes it. */
export function locationOf(placement: Placement): StoreLocation {
  return { path: placement.path, mount: placement.mount };
}

/** The fixed part of a name template for one environment: what every secret's name there starts with. */
export function storePrefix(catalog: Catalog, provider: ProviderName, environment: string): string {
  const template =
    provider === 'aws' ? catalog.providers.aws?.nameTemplate : catalog.providers.vault?.pathTemplate;
  if (template === undefined) return '';
  const filled = template.replaceAll('{project}', catalog.project).replaceAll('{env}', environment);
  const open = filled.indexOf('{');
  return open === -1 ? filled : filled.slice(0, open);
}
