import {
  CatalogError,
  type CatalogProblem,
  formatCatalogError,
  type LoadedCatalog,
  loadCatalogSource,
} from '@locksmith/schema';
import type { DiskCache } from '@locksmith/schema/cache';
import { EXIT, ExitError } from './errors.js';

/**
 * Loads the catalog, keeping the document so problems found later can be located in it; an
 * invalid catalog becomes exit 2 with the schema package's formatted issues. With a `cache`, the
 * loader keeps its compile outcomes there between runs (the result is the same without).
 */
export async function loadSourceOrExit(file: string, cache?: DiskCache): Promise<LoadedCatalog> {
  try {
    return await loadCatalogSource(file, cache ? { cache } : {});
  } catch (error) {
    if (error instanceof CatalogError) throw new ExitError(EXIT.usage, formatCatalogError(error));
    throw error;
  }
}

/**
 * A catalog problem an emitter found (a valid catalog one language cannot express) as exit 2,
 * located at file:line:col like the loader's own: issues that arrive without a position are
 * placed by their JSON pointer in the loaded document.
 */
export function emitterRefusal(error: CatalogError, loaded: LoadedCatalog): ExitError {
  const problems: CatalogProblem[] = error.issues.map((issue) => ({
    code: issue.code,
    pointer: issue.pointer,
    message: issue.message,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
    atKey: /^\/(services|secrets)\/[^/]+$/.test(issue.pointer),
  }));
  return new ExitError(EXIT.usage, formatCatalogError(loaded.locate(problems)));
}
