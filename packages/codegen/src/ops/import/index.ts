import { access, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CatalogError, formatCatalogError, loadCatalog } from '@locksmith/schema';
import { EXIT, ExitError } from '../../cli/errors.js';
import { oneOf, requireOption } from '../args.js';
import { type OpsContext, stringOption } from '../context.js';
import { collect, KINDS } from './collect.js';
import { importInto } from './into.js';
import { catalogYaml } from './write.js';

/**
 * `locksmith import --from KIND (--out NEW_FILE | --into CATALOG)`: writes a starting catalog
 * from what a team has, or adds what an existing one lacks. Exit 0 when the result loads as a
 * catalog, 1 when it needs filling in (the loader's issues are printed as the to-do list), 2 for
 * usage errors. `--out` never overwrites a file; `--into` never changes what the file holds.
 */
export async function importCommand(ctx: OpsContext): Promise<number> {
  const kind = oneOf('import', 'from', requireOption(ctx.values, 'import', 'from'), KINDS);
  const into = stringOption(ctx.values, 'into');
  if (into !== undefined) {
    if (stringOption(ctx.values, 'out') !== undefined)
      throw new ExitError(EXIT.usage, 'import: give --out (a new file) or --into (a catalog), not both.');
    const file = resolve(ctx.io.cwd, into);
    await importInto(ctx, kind, file);
    return loadReport(ctx, file);
  }
  const out = resolve(ctx.io.cwd, requireOption(ctx.values, 'import', 'out'));
  if (await exists(out))
    throw new ExitError(
      EXIT.usage,
      `import: ${out} exists; --out writes a new file only (extend a catalog with --into).`,
    );
  const catalog = await collect(kind, ctx, undefined);
  await writeFile(out, catalogYaml(catalog, kind));
  const guesses = [...catalog.secrets.values()].reduce((n, s) => n + s.guesses.length, 0);
  ctx.io.stdout(
    `import: wrote ${out}: ${catalog.secrets.size} secrets, ${catalog.services.size} services, ` +
      `${catalog.environments.length} environments; ${guesses} guess(es) marked "# guessed:"\n`,
  );
  return loadReport(ctx, out);
}

/** Loads the written catalog: what still has to be filled in is the loader's list of issues. */
async function loadReport(ctx: OpsContext, file: string): Promise<number> {
  try {
    await loadCatalog(file);
    ctx.io.stdout('import: the catalog loads; review the guesses and fill in readers.\n');
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    ctx.io.stdout(`import: fill in before use:\n${formatCatalogError(error)}\n`);
    return EXIT.drift;
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
