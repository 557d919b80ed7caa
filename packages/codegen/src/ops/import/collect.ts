import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, ExitError } from '../../cli/errors.js';
import { type OpsContext, stringOption } from '../context.js';
import { createVaultStore } from '../store/vault.js';
import { vaultOptionsFromEnv } from '../store/vault-options.js';
import type { ExistingCatalog } from './existing.js';
import { importDotenv } from './from-dotenv.js';
import { importExternalSecrets } from './from-external-secrets.js';
import { importStoreNames, listAwsSecrets, listVaultPaths } from './from-stores.js';
import { emptyImport, type ImportedCatalog } from './model.js';

/** The sources `--from` accepts. */
export const KINDS = ['external-secrets', 'dotenv', 'aws', 'vault'] as const;
/** One of {@link KINDS}. */
export type Kind = (typeof KINDS)[number];

type Providers = Pick<ImportedCatalog, 'aws' | 'vault'>;

/**
 * Reads one source into an import. When extending, the catalog's project and providers are the
 * starting point (a `--project` that contradicts the file is a usage error), so that guesses
 * about providers and paths agree with what the file already says.
 */
export async function collect(
  kind: Kind,
  ctx: OpsContext,
  existing: ExistingCatalog | undefined,
): Promise<ImportedCatalog> {
  const env = stringOption(ctx.values, 'env');
  const region = String(ctx.values['region']);
  const mount = String(ctx.values['mount']);
  const files = ctx.positionals.map((f) => resolve(ctx.io.cwd, f));
  const start = (needs: Providers) => startImport(stringOption(ctx.values, 'project'), needs, existing);
  const aws = { aws: { region, accountId: undefined } };
  switch (kind) {
    case 'dotenv': {
      if (files.length !== 1) throw new ExitError(EXIT.usage, 'import: --from dotenv takes one file.');
      const known = existing && (existing.providers.aws || existing.providers.vault);
      const catalog = start(known ? {} : aws);
      importDotenv(catalog, files[0]!, await read(files[0]!), env ?? 'dev');
      return catalog;
    }
    case 'external-secrets': {
      if (files.length === 0)
        throw new ExitError(EXIT.usage, 'import: --from external-secrets takes YAML files.');
      const texts = await Promise.all(files.map(read));
      const usesVault = texts.some((t) => /secretStoreRef:[\s\S]*?name:\s*\S*vault/i.test(t));
      const catalog = start({ ...aws, ...(usesVault ? { vault: { mount } } : {}) });
      let found = 0;
      for (const text of texts) found += importExternalSecrets(catalog, text, env ?? 'prod');
      if (found === 0) throw new ExitError(EXIT.usage, 'import: no ExternalSecret found in the given files.');
      return catalog;
    }
    case 'aws': {
      const catalog = start(aws);
      const listed = await listAwsSecrets(region, stringOption(ctx.values, 'aws-endpoint'), ctx.env);
      importStoreNames(catalog, 'aws', listed, env ?? 'prod');
      return catalog;
    }
    case 'vault': {
      const options = vaultOptionsFromEnv(ctx.env, stringOption(ctx.values, 'vault-addr'), mount, undefined);
      if (!options)
        throw new ExitError(EXIT.usage, 'import: Vault needs --vault-addr or VAULT_ADDR, and VAULT_TOKEN.');
      const catalog = start({ vault: { mount } });
      const paths = await listVaultPaths(createVaultStore(options), mount, ctx.positionals[0] ?? '');
      importStoreNames(
        catalog,
        'vault',
        paths.map((name) => ({ name, description: undefined })),
        env ?? 'prod',
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
    throw new ExitError(
      EXIT.usage,
      `import: --project ${project} contradicts the catalog's project ${existing.project}.`,
    );
  }
  const aws = existing.providers.aws ?? needs.aws;
  const vault = existing.providers.vault ?? needs.vault;
  return emptyImport(existing.project ?? project, { ...(aws ? { aws } : {}), ...(vault ? { vault } : {}) });
}

/** A source or catalog file's text; unreadable is a usage error that names the file only. */
export async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new ExitError(EXIT.usage, `import: cannot read ${file}.`);
  }
}
