import { isAbsolute, relative, sep } from 'node:path';
import { CatalogError } from './errors.js';

/**
 * The same error with each issue's file shown relative to `directory` (the working directory of a
 * command), as a person typed it and as CI annotations want it: `secrets.catalog.yaml:12:15`, not an
 * absolute path. A file on another drive stays absolute; separators are `/` on every system.
 */
export function relativeToDirectory(error: CatalogError, directory: string): CatalogError {
  const issues = error.issues.map((issue) => {
    const shown = relative(directory, issue.file);
    const usable = shown !== '' && !isAbsolute(shown);
    return usable ? { ...issue, file: shown.split(sep).join('/') } : issue;
  });
  return new CatalogError(issues);
}
