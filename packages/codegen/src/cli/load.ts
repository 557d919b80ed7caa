import { type Catalog, CatalogError, formatCatalogError, loadCatalog } from '@locksmith/schema';
import type { DiskCache } from '@locksmith/schema/cache';
import { EXIT, ExitError } from './errors.js';

/** Loads the catalog; an invalid one becomes exit 2 with the schema package's formatted issues. */
export async function loadOrExit(file: string, cache?: DiskCache): Promise<Catalog> {
  try {
    return await loadCatalog(file, cache ? { cache } : {});
  } catch (error) {
    if (error instanceof CatalogError) throw new ExitError(EXIT.usage, formatCatalogError(error));
    throw error;
  }
}
