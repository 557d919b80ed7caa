import type { CatalogIssue } from '@locksmith/schema';

/**
 * What `--json` prints on stdout when a command fails, whichever command and whatever the
 * failure: a usage error, a catalog that does not load (every issue, located), a store that
 * failed, or a bug. Tools read `error.code` and `error.issues`; `exitCode` is also the process's.
 */
export interface CliErrorDocument {
  readonly ok: false;
  readonly exitCode: number;
  readonly error: {
    /** `CATALOG_INVALID` (with `issues`), `USAGE`, `STORE` (a store call failed) or `INTERNAL` (a bug). */
    readonly code: 'CATALOG_INVALID' | 'USAGE' | 'STORE' | 'INTERNAL';
    /** The same text the command prints without `--json`. */
    readonly message: string;
    readonly issues?: readonly CatalogIssue[];
  };
}

/** The error document as printed: indented JSON and a newline. */
export function errorJson(document: CliErrorDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * True when the command line asks for JSON: `--json` before any `--`. Read from the raw arguments,
 * so that even a command line the parser refuses gets its error as JSON.
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
