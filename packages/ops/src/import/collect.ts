import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { OperationContext } from '../context.js';
import { usageError } from '../errors.js';
import type { ImportOptions } from '../options.js';
import { createProgress } from '../progress.js';
import { createVaultStore } from '../store/vault.js';
import { vaultOptionsFromEnv } from '../store/vault-credentials.js';
import type { ExistingCatalog } from './existing.js';
import { type KubernetesObject, providerOf, storesIn } from './external-secret-stores.js';
import { importDotenv } from './from-dotenv.js';
import { importExternalSecrets } from './from-external-secrets.js';
import { importStoreNames, listAwsSecrets, listVaultPaths } from './from-stores.js';
import { emptyImport, fallbackEnvironment, type ImportedCatalog } from './model.js';

type Providers = Pick<ImportedCatalog, 'aws' | 'vault'>;

/**
 * Reads one source into an import. When extending, the catalog's project and providers are the
 * starting point (a `--project` that contradicts the file is a usage error), so that guesses
 * about providers and paths agree with what the file already says.
 */
export async function collect(
  options: ImportOptions,
  ctx: OperationContext,
  existing: ExistingCatalog | undefined,
): Promise<ImportedCatalog> {
  const { env, region, mount, positionals } = options;
  const files = positionals.map((f) => resolve(ctx.io.cwd, f));
  const start = (needs: Providers) => startImport(options.project, needs, existing);
  const aws = { aws: { region, accountId: undefined } };
  const fallback = fallbackEnvironment(env);
  switch (options.from) {
    case 'dotenv': {
      if (files.length !== 1) throw usageError('import: --from dotenv takes one file.');
      const known = existing && (existing.providers.aws || existing.providers.vault);
      const catalog = start(known ? {} : aws);
      importDotenv(catalog, files[0]!, await read(files[0]!), fallback.name);
      return catalog;
    }
    case 'external-secrets': {
      if (files.length === 0) throw usageError('import: --from external-secrets takes YAML files.');
      const documents = (
        await Promise.all(files.map(async (file) => parseManifests(file, await read(file))))
      ).flat();
      const stores = storesIn(documents);
      const usesVault = documents.some(
        (doc) => doc.kind === 'ExternalSecret' && providerOf(doc, stores).provider === 'vault',
      );
      const catalog = start({ ...aws, ...(usesVault ? { vault: { mount } } : {}) });
      const found = importExternalSecrets(catalog, documents, stores, fallback);
      if (found === 0) throw usageError('import: no ExternalSecret found in the given files.');
      return catalog;
    }
    case 'aws': {
      const catalog = start(aws);
      const progress = createProgress(ctx.interactive && !options.json, 0, ctx.io.stderr);
      progress.status('listing AWS Secrets Manager (ListSecrets)');
      const listed = await listAwsSecrets(region, options.awsEndpoint, ctx.env).finally(() =>
        progress.done(),
      );
      importStoreNames(catalog, 'aws', listed, fallback);
      return catalog;
    }
    case 'vault': {
      const vault = vaultOptionsFromEnv(ctx.env, options.vaultAddr, mount, undefined);
      if (!vault) throw usageError('import: Vault needs --vault-addr or VAULT_ADDR, and VAULT_TOKEN.');
      const catalog = start({ vault: { mount } });
      const progress = createProgress(ctx.interactive && !options.json, 0, ctx.io.stderr);
      progress.status(`listing Vault ${mount}/metadata/${positionals[0] ?? ''}`);
      const paths = await listVaultPaths(createVaultStore(vault), mount, positionals[0] ?? '').finally(() =>
        progress.done(),
      );
      importStoreNames(
        catalog,
        'vault',
        paths.map((name) => ({ name, description: undefined })),
        fallback,
      );
      return catalog;
    }
  }
}

function startImport(
  project: string | undefined,
  needs: Providers,
  existing: ExistingCatalog | undefined,
): ImportedCatalog {
  if (!existing) return emptyImport(project, needs);
  if (project && existing.project && project !== existing.project) {
    throw usageError(`import: --project ${project} contradicts the catalog's project ${existing.project}.`);
  }
  const aws = existing.providers.aws ?? needs.aws;
  const vault = existing.providers.vault ?? needs.vault;
  return emptyImport(existing.project ?? project, { ...(aws ? { aws } : {}), ...(vault ? { vault } : {}) });
}

/** Every YAML document of a manifest file, parsed; a file that is not YAML is a usage error naming where. */
function parseManifests(file: string, text: string): KubernetesObject[] {
  return parseAllDocuments(text).map((doc) => {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      throw usageError(`import: ${file}${at ? `:${at.line}:${at.col}` : ''}: not YAML (${error.code}).`);
    }
    const value = doc.toJS() as unknown;
    return value !== null && typeof value === 'object' ? (value as KubernetesObject) : {};
  });
}

/** A source or catalog file's text; unreadable is a usage error that names the file only. */
export async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw usageError(`import: cannot read ${file}.`);
  }
}
