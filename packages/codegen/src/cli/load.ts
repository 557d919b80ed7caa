import { resolve } from 'node:path';
import {
  CatalogError,
  type CatalogProblem,
  type LoadedCatalog,
  loadCatalogSource,
  reportCatalogError,
} from '@locksmith/schema';
import type { DiskCache } from '@locksmith/schema/cache';
import { EXIT, ExitError } from './errors.js';

/**
 * Loads the catalog `file` (relative to `cwd`), keeping the document so problems found later can
 * be located in it; an invalid catalog becomes exit 2 with the schema package's formatted issues.
 * With a `cache`, the loader keeps its compile outcomes there between runs (the result is the same
 * without).
 */
export async function loadSourceOrExit(cwd: string, file: string, cache?: DiskCache): Promise<LoadedCatalog> {
  try {
    return await loadCatalogSource(resolve(cwd, file), cache ? { cache } : {});
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

/**
 * A catalog problem an emitter found (a valid catalog one language cannot express) as exit 2,
 * located at file:line:col like the loader's own: issues that arrive without a position are
 * placed by their JSON pointer in the loaded document.
 */
export function emitterRefusal(error: CatalogError, loaded: LoadedCatalog, cwd: string): ExitError {
  const problems: CatalogProblem[] = error.issues.map((issue) => ({
    code: issue.code,
    pointer: issue.pointer,
    message: issue.message,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
    atKey: /^\/(services|secrets)\/[^/]+$/.test(issue.pointer),
  }));
  return catalogExitError(loaded.locate(problems), cwd);
}
