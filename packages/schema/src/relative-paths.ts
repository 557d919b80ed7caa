import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CatalogError, formatCatalogError } from './errors.js';
import { decodeCatalogText } from './source/read-file.js';

/**
 * The same error with each issue's file shown relative to `directory` (the working directory of a
 * command), as a person typed it and as CI annotations want it: `secrets.catalog.yaml:12:15`, not an
 * absolute path. A file outside `directory` keeps its absolute path; separators are `/` on every system.
 */
export function relativeToDirectory(error: CatalogError, directory: string): CatalogError {
  return new CatalogError(
    error.issues.map((issue) => ({ ...issue, file: shownPath(issue.file, directory) })),
  );
}

/** A catalog error as a command reports it: paths relative to `directory`, and its text with code frames. */
export interface CatalogErrorReport {
  /** The error with relative paths (what `--json` lists). */
  readonly error: CatalogError;
  /** Every issue with the offending lines and a caret, then its hint (what a person reads). */
  readonly text: string;
}

/**
 * Reports a catalog error to a person at `directory`: paths relative to it, and each issue with a
 * code frame from its file (read again here; a file that cannot be read is reported without frames).
 */
export function reportCatalogError(error: CatalogError, directory: string): CatalogErrorReport {
  const sources = new Map<string, string>();
  // Only files with located issues: a whole-file problem (too large, unreadable) has no line to show.
  for (const file of new Set(error.issues.filter((i) => i.line > 0).map((i) => i.file))) {
    try {
      sources.set(shownPath(file, directory), decodeCatalogText(readFileSync(resolve(directory, file))));
    } catch {
      // No frame for a file that is gone or unreadable (the issue already says so, e.g. file-not-found).
    }
  }
  const shown = relativeToDirectory(error, directory);
  return { error: shown, text: formatCatalogError(shown, { sources }) };
}

/** Relative when the file is under `directory`; a file elsewhere keeps its absolute path (no `../../..`). */
function shownPath(file: string, directory: string): string {
  const shown = relative(directory, file);
  const inside = shown !== '' && !isAbsolute(shown) && shown !== '..' && !shown.startsWith(`..${sep}`);
  return inside ? shown.split(sep).join('/') : file;
}
