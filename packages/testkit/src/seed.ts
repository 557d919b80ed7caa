import type { Catalog } from '@locksmith/schema';
import type { FakeSecretsManager } from './aws/server.js';
import type { TestSecretValue } from './generate/test-secrets.js';
import type { FakeVault } from './vault/server.js';

/**
 * Key under which a string secret is stored in its Vault KV v2 entry: `{ value: "<string>" }`.
 * The sdk-node Vault provider reads the same key.
 */
export const VAULT_STRING_KEY = 'value';

/** The fakes to seed; only the ones the catalog's placements need are required. */
export interface SeedTargets {
  readonly aws?: FakeSecretsManager;
  readonly vault?: FakeVault;
}

/** What was written where (names and paths only). */
export interface SeedReport {
  readonly aws: readonly string[];
  readonly vault: readonly string[];
}

/**
 * Writes each value to its placement in `environment`: AWS gets object secrets as a JSON
 * SecretString and string secrets as-is; Vault gets object secrets as the entry's fields and
 * string secrets as `{ value: "<string>" }`. Writing again adds a new version (AWSCURRENT moves,
 * the KV version number grows), which is how tests rotate.
 */
export function seedFakes(
  fakes: SeedTargets,
  catalog: Catalog,
  environment: string,
  values: Readonly<Record<string, TestSecretValue>>,
): SeedReport {
  const aws: string[] = [];
  const vault: string[] = [];
  for (const secret of catalog.secrets) {
    const value = values[secret.name];
    const placement = secret.placements.find((p) => p.environment === environment);
    if (value === undefined || !placement) continue;
    if (placement.provider === 'aws') {
      if (!fakes.aws)
        throw new Error(`seedFakes: secret "${secret.name}" lives in AWS but no fake AWS was given`);
      fakes.aws.store.set(placement.path, typeof value === 'object' ? JSON.stringify(value) : String(value));
      aws.push(placement.path);
    } else {
      if (!fakes.vault)
        throw new Error(`seedFakes: secret "${secret.name}" lives in Vault but no fake Vault was given`);
      const mount = placement.mount ?? catalog.providers.vault?.mount ?? 'secret';
      const namespace = catalog.providers.vault?.namespace;
      const data = typeof value === 'object' ? { ...value } : { [VAULT_STRING_KEY]: String(value) };
      fakes.vault.kv.put(placement.path, data, { mount, ...(namespace === undefined ? {} : { namespace }) });
      vault.push(`${mount}/${placement.path}`);
    }
  }
  return { aws, vault };
}
