import { codeFrame } from './source/code-frame.js';
import { printable } from './source/printable.js';

export { printable };

/** Stable codes for every problem the loader reports. Tests and tools match on these. */
export type CatalogIssueCode =
  | 'file-not-found'
  | 'not-a-file'
  | 'file-too-large'
  | 'not-utf8'
  | 'empty-file'
  | 'syntax'
  | 'too-deep'
  | 'too-many-aliases'
  | 'schema'
  | 'unknown-key'
  | 'unsupported-keyword'
  | 'unknown-reader'
  | 'unknown-environment'
  | 'unknown-placeholder'
  | 'provider-not-configured'
  | 'duplicate-environment'
  | 'duplicate-env-var'
  | 'duplicate-store-path'
  | 'invalid-aws-name'
  | 'invalid-vault-path'
  | 'invalid-value-schema'
  | 'invalid-env-var-name'
  | 'invalid-generate'
  | 'rotation-unsupported'
  | 'invalid-text'
  | 'invalid-name'
  | 'duplicate-name'
  | 'reserved-name'
  | 'duplicate-service-account'
  | 'invalid-vault-mount'
  | 'conflicting-options'
  | 'go-name-collision'
  | 'python-name-collision'
  | 'rust-name-collision';

/** One problem, located in the catalog file. Messages never contain secret values (a catalog holds none). */
export interface CatalogIssue {
  readonly code: CatalogIssueCode;
  readonly message: string;
  readonly hint: string | undefined;
  readonly file: string;
  /** 1-based; 0 when the problem is about the file as a whole. */
  readonly line: number;
  /** 1-based; 0 when the problem is about the file as a whole. */
  readonly column: number;
  /** JSON pointer into the catalog document ('' for the root). */
  readonly pointer: string;
}

/**
 * Thrown by `loadCatalog()` with every problem found, not just the first, so one run of
 * `locksmith validate` shows a person everything to fix. `code` is stable for programs.
 */
export class CatalogError extends Error {
  readonly code = 'CATALOG_INVALID';
  readonly issues: readonly CatalogIssue[];

  constructor(issues: readonly CatalogIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(first ? `${formatLocation(first)}: ${printable(first.message)}${more}` : 'invalid catalog');
    this.name = 'CatalogError';
    this.issues = Object.freeze([...issues]);
  }
}

/** `file:line:col pointer`, the prefix every issue is printed with. */
export function formatLocation(issue: CatalogIssue): string {
  const file = printable(issue.file);
  const position = issue.line > 0 ? `${file}:${issue.line}:${issue.column}` : file;
  return issue.pointer ? `${position} ${printable(issue.pointer)}` : position;
}

/** What {@link formatCatalogError} may show besides the issues. */
export interface FormatOptions {
  /** The text of each catalog file, by the name its issues carry: each issue gets a code frame. */
  readonly sources?: ReadonlyMap<string, string>;
}

/**
 * Renders issues the way the CLI prints them: one block per issue, with the offending lines and a
 * caret under the problem when the file's text is given, and the hint indented under it.
 */
export function formatCatalogError(error: CatalogError, options: FormatOptions = {}): string {
  const lines: string[] = [];
  for (const issue of error.issues) {
    lines.push(`${formatLocation(issue)}: ${printable(issue.message)} [${issue.code}]`);
    const text = options.sources?.get(issue.file);
    if (text !== undefined) lines.push(...codeFrame(text, issue.line, issue.column));
    if (issue.hint) lines.push(`  hint: ${printable(issue.hint)}`);
  }
  const count = error.issues.length;
  lines.push(`${count} problem${count === 1 ? '' : 's'} in the catalog.`);
  return lines.join('\n');
}
