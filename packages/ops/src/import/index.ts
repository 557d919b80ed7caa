import { access, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CatalogError, formatCatalogError, loadCatalog } from '@locksmith/schema';
import type { OperationContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import type { ImportOptions } from '../options.js';
import { collect } from './collect.js';
import { importInto } from './into.js';
import { catalogYaml } from './write.js';

/**
 * `locksmith import --from KIND (--out NEW_FILE | --into CATALOG)`: writes a starting catalog
 * from what a team has, or adds what an existing one lacks. Exit 0 when the result loads as a
 * catalog, 1 when it needs filling in (the loader's issues are printed as the to-do list), 2 for
 * usage errors. `--out` never overwrites a file; `--into` never changes what the file holds.
 */
export async function importCommand(options: ImportOptions, ctx: OperationContext): Promise<number> {
  const { from: kind, into } = options;
  if (into !== undefined) {
    if (options.out !== undefined)
      throw usageError('import: give --out (a new file) or --into (a catalog), not both.');
    const file = resolve(ctx.io.cwd, into);
    await importInto(options, ctx, file);
    return loadReport(ctx, file);
  }
  if (options.out === undefined) throw usageError('import: --out is required. See --help.');
  const out = resolve(ctx.io.cwd, options.out);
  if (await exists(out))
    throw usageError(`import: ${out} exists; --out writes a new file only (extend a catalog with --into).`);
  const catalog = await collect(options, ctx, undefined);
  await writeFile(out, catalogYaml(catalog, kind));
  const guesses = [...catalog.secrets.values()].reduce((n, s) => n + s.guesses.length, 0);
  ctx.io.stdout(
    `import: wrote ${out}: ${catalog.secrets.size} secrets, ${catalog.services.size} services, ` +
      `${catalog.environments.length} environments; ${guesses} guess(es) marked "# guessed:"\n`,
  );
  return loadReport(ctx, out);
}

/** Loads the written catalog: what still has to be filled in is the loader's list of issues. */
async function loadReport(ctx: OperationContext, file: string): Promise<number> {
  try {
    await loadCatalog(file);
    ctx.io.stdout('import: the catalog loads; review the guesses and fill in readers.\n');
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    ctx.io.stdout(`import: fill in before use:\n${formatCatalogError(error)}\n`);
    return EXIT.findings;
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
