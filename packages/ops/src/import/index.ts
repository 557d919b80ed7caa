import { access, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CatalogError, type CatalogIssue, loadCatalog, reportCatalogError } from '@locksmith/schema';
import type { OperationContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import type { ImportOptions } from '../options.js';
import { jsonText } from '../table.js';
import { collect } from './collect.js';
import { type IntoResult, importInto } from './into.js';
import { catalogYaml } from './write.js';

/** The `--json` output of `locksmith import`: what was written or added, and what still needs filling in. */
export interface ImportReport {
  /** True when the resulting catalog loads. */
  readonly ok: boolean;
  readonly file: string;
  /** `--out`: the counts of the new file. */
  readonly written?: { readonly secrets: number; readonly services: number; readonly environments: number };
  /** `--into`: what was added. */
  readonly extended?: IntoResult;
  readonly guesses: number;
  /** The loader's issues with the result: the to-do list (empty when it loads). */
  readonly issues: readonly CatalogIssue[];
}

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
    const extended = await importInto(options, ctx, file);
    return report(ctx, options.json, { file, extended, guesses: extended.guesses });
  }
  if (options.out === undefined) throw usageError('import: --out is required. See --help.');
  const out = resolve(ctx.io.cwd, options.out);
  if (await exists(out))
    throw usageError(`import: ${out} exists; --out writes a new file only (extend a catalog with --into).`);
  const catalog = await collect(options, ctx, undefined);
  await writeFile(out, catalogYaml(catalog, kind));
  const guesses = [...catalog.secrets.values()].reduce((n, s) => n + s.guesses.length, 0);
  const written = {
    secrets: catalog.secrets.size,
    services: catalog.services.size,
    environments: catalog.environments.length,
  };
  if (!options.json) {
    ctx.io.stdout(
      `import: wrote ${out}: ${written.secrets} secrets, ${written.services} services, ` +
        `${written.environments} environments; ${guesses} guess(es) marked "# guessed:"\n`,
    );
  }
  return report(ctx, options.json, { file: out, written, guesses });
}

/** Loads the resulting catalog: what still has to be filled in is the loader's list of issues. */
async function report(
  ctx: OperationContext,
  json: boolean,
  result: Omit<ImportReport, 'ok' | 'issues'>,
): Promise<number> {
  let issues: readonly CatalogIssue[] = [];
  let text = 'import: the catalog loads; review the guesses and fill in readers.\n';
  try {
    await loadCatalog(result.file);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    const report = reportCatalogError(error, ctx.io.cwd);
    issues = report.error.issues;
    text = `import: fill in before use:\n${report.text}\n`;
  }
  ctx.io.stdout(json ? jsonText({ ok: issues.length === 0, ...result, issues }) : text);
  return issues.length === 0 ? EXIT.ok : EXIT.findings;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
