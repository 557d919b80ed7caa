import type { CatalogIssue, CatalogIssueCode } from '../errors.js';

/** An issue about the file as a whole (no position). */
export function fileIssue(
  file: string,
  code: CatalogIssueCode,
  message: string,
  hint?: string,
): CatalogIssue {
  return { code, message, hint, file, line: 0, column: 0, pointer: '' };
}
