import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { EnvVars } from '../context.js';
import { openAwsClient } from '../store/aws.js';
import type { SecretStore } from '../store/types.js';
import { StoreError } from '../store/types.js';
import {
  addSecret,
  type FallbackEnvironment,
  guessProject,
  type ImportedCatalog,
  splitStorePath,
  toName,
} from './model.js';

/** A secret name and description from ListSecrets. GetSecretValue is never called. */
export interface ListedSecret {
  readonly name: string;
  readonly description: string | undefined;
}

/** Every secret's name and description in the account (ListSecrets only). */
export async function listAwsSecrets(
  region: string,
  endpoint: string | undefined,
  env: EnvVars,
): Promise<ListedSecret[]> {
  const client = openAwsClient({ region, endpoint, env });
  const out: ListedSecret[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListSecretsCommand(token ? { NextToken: token } : {}));
      for (const s of page.SecretList ?? [])
        if (s.Name) out.push({ name: s.Name, description: s.Description });
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw new StoreError(`aws: ListSecrets failed: ${error instanceof Error ? error.name : 'UnknownError'}`);
  } finally {
    client.destroy();
  }
  return out;
}

/** Paths under `path` in a KV v2 mount (metadata LIST only). */
export function listVaultPaths(store: SecretStore, mount: string, path: string): Promise<string[]> {
  const prefix = path === '' || path.endsWith('/') ? path : `${path}/`;
  return store.list(prefix, mount);
}

/**
 * Names found in a store: `project/env/secret` paths give all three; anything else becomes a
 * secret of the fallback environment (`--env`, else dev) with an override to its exact path.
 */
export function importStoreNames(
  catalog: ImportedCatalog,
  provider: 'aws' | 'vault',
  listed: readonly ListedSecret[],
  fallback: FallbackEnvironment,
): void {
  for (const item of listed) {
    const parts = splitStorePath(item.name);
    guessProject(catalog, parts.project, `"${item.name}"`);
    const environment = parts.environment ?? fallback.name;
    const envName = toName(parts.secret).toUpperCase().replace(/-/g, '_');
    const secret = addSecret(catalog, parts.secret, environment, item.name, () => ({
      provider,
      fields: [{ property: null, env: envName, type: 'string' }],
      guesses: [
        `schema: one string in ${envName}; the value was not read, describe its shape`,
        ...(parts.environment || fallback.given
          ? []
          : [`environment ${environment}: the path names none (the default; pass --env to choose)`]),
      ],
    }));
    if (item.description && !secret.description) secret.description = item.description;
  }
}
