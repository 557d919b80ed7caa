import { type Catalog, CatalogError, formatCatalogError, loadCatalog } from '@locksmith/schema';
import { EXIT, ExitError } from './errors.js';

/** Loads the catalog; an invalid one becomes exit 2 with the schema package's formatted issues. */
export async function loadOrExit(file: string): Promise<Catalog> {
  try {
    return await loadCatalog(file);
  } catch (error) {
    if (error instanceof CatalogError) throw catalogExitError(error);
    throw error;
  }
}

/** A catalog the loader (or an emitter) refused, as exit 2 with its formatted issues and the issues themselves. */
export function catalogExitError(error: CatalogError): ExitError {
  return new ExitError(EXIT.usage, formatCatalogError(error), error.issues);
}
