import { resolve } from 'node:path';
import { type Catalog, CatalogError, loadCatalog, reportCatalogError } from '@locksmith/schema';
import type { OperationIo } from './context.js';
import { EXIT, OperationError } from './errors.js';

/**
 * Loads the catalog `file` (relative to the working directory); an invalid one is exit 2 with the
 * loader's issues, each with a code frame, their files shown relative to the working directory.
 */
export async function loadCatalogOrExit(io: OperationIo, file: string): Promise<Catalog> {
  try {
    return await loadCatalog(resolve(io.cwd, file));
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    const report = reportCatalogError(error, io.cwd);
    throw new OperationError(EXIT.usage, report.text, report.error.issues);
  }
}
