import { access, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CatalogError, formatCatalogError, loadCatalog } from '@locksmith/schema';
import { EXIT, ExitError } from '../../cli/errors.js';
import { oneOf, requireOption } from '../args.js';
import { type OpsContext, stringOption } from '../context.js';
import { createVaultStore } from '../store/vault.js';
import { vaultOptionsFromEnv } from '../store/vault-options.js';
import { importDotenv } from './from-dotenv.js';
import { importExternalSecrets } from './from-external-secrets.js';
import { importStoreNames, listAwsSecrets, listVaultPaths } from './from-stores.js';
import { emptyImport, type ImportedCatalog } from './model.js';
import { catalogYaml } from './write.js';

const KINDS = ['external-secrets', 'dotenv', 'aws', 'vault'] as const;
type Kind = (typeof KINDS)[number];

/**
 * `locksmith import --from KIND --out FILE`: writes a starting catalog from what a team has.
 * Exit 0 when the written file loads as a catalog, 1 when it needs filling in (the loader's
 * issues are printed as the to-do list), 2 for usage errors. Never overwrites a file.
 */
export async function importCommand(ctx: OpsContext): Promise<number> {
  const kind = oneOf('import', 'from', requireOption(ctx.values, 'import', 'from'), KINDS);
  const out = resolve(ctx.io.cwd, requireOption(ctx.values, 'import', 'out'));
  if (await exists(out))
    throw new ExitError(EXIT.usage, `import: ${out} exists; import writes a new file only.`);
  const catalog = await collect(kind, ctx);
  await writeFile(out, catalogYaml(catalog, kind));
  const guesses = [...catalog.secrets.values()].reduce((n, s) => n + s.guesses.length, 0);
  ctx.io.stdout(
    `import: wrote ${out}: ${catalog.secrets.size} secrets, ${catalog.services.size} services, ` +
      `${catalog.environments.length} environments; ${guesses} guess(es) marked "# guessed:"\n`,
  );
  try {
    await loadCatalog(out);
    ctx.io.stdout('import: the catalog loads; review the guesses and fill in readers.\n');
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    ctx.io.stdout(`import: fill in before use:\n${formatCatalogError(error)}\n`);
    return EXIT.drift;
  }
}

async function collect(kind: Kind, ctx: OpsContext): Promise<ImportedCatalog> {
  const project = stringOption(ctx.values, 'project');
  const env = stringOption(ctx.values, 'env');
  const region = String(ctx.values['region']);
  const mount = String(ctx.values['mount']);
  const files = ctx.positionals.map((f) => resolve(ctx.io.cwd, f));
  switch (kind) {
    case 'dotenv': {
      if (files.length !== 1) throw new ExitError(EXIT.usage, 'import: --from dotenv takes one file.');
      const catalog = emptyImport(project, { aws: { region, accountId: undefined } });
      importDotenv(catalog, files[0]!, await read(files[0]!), env ?? 'dev');
      return catalog;
    }
    case 'external-secrets': {
      if (files.length === 0)
        throw new ExitError(EXIT.usage, 'import: --from external-secrets takes YAML files.');
      const texts = await Promise.all(files.map(read));
      const usesVault = texts.some((t) => /secretStoreRef:[\s\S]*?name:\s*\S*vault/i.test(t));
      const catalog = emptyImport(project, {
        aws: { region, accountId: undefined },
        ...(usesVault ? { vault: { mount } } : {}),
      });
      let found = 0;
      for (const text of texts) found += importExternalSecrets(catalog, text, env ?? 'prod');
      if (found === 0) throw new ExitError(EXIT.usage, 'import: no ExternalSecret found in the given files.');
      return catalog;
    }
    case 'aws': {
      const catalog = emptyImport(project, { aws: { region, accountId: undefined } });
      const listed = await listAwsSecrets(region, stringOption(ctx.values, 'aws-endpoint'), ctx.env);
      importStoreNames(catalog, 'aws', listed, env ?? 'prod');
      return catalog;
    }
    case 'vault': {
      const options = vaultOptionsFromEnv(ctx.env, stringOption(ctx.values, 'vault-addr'), mount, undefined);
      if (!options)
        throw new ExitError(EXIT.usage, 'import: Vault needs --vault-addr or VAULT_ADDR, and VAULT_TOKEN.');
      const catalog = emptyImport(project, { vault: { mount } });
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

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new ExitError(EXIT.usage, `import: cannot read ${file}.`);
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
