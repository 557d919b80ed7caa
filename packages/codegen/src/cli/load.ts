import { resolve } from 'node:path';
import { type Catalog, CatalogError, loadCatalog, reportCatalogError } from '@locksmith/schema';
import { EXIT, ExitError } from './errors.js';

/**
 * Loads the catalog `file` (relative to `cwd`); an invalid one becomes exit 2 with the schema
 * package's formatted issues, their files shown relative to `cwd`.
 */
export async function loadOrExit(cwd: string, file: string): Promise<Catalog> {
  try {
    return await loadCatalog(resolve(cwd, file));
  } catch (error) {
    if (error instanceof CatalogError) throw catalogExitError(error, cwd);
    throw error;
  }
}

/**
 * A catalog the loader (or an emitter) refused, as exit 2: each issue with a code frame for a
 * person, and the issues themselves for `--json`, files relative to the working directory (as CI
 * annotations want them).
 */
export function catalogExitError(error: CatalogError, cwd: string): ExitError {
  const report = reportCatalogError(error, cwd);
  return new ExitError(EXIT.usage, report.text, report.error.issues);
}
