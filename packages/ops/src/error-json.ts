import type { CatalogIssue } from '@locksmith/schema';

/**
 * What an operation run with `--json` prints on stdout when it fails: the `locksmith` CLI's error
 * document (its `CliErrorDocument`; the contract test holds the two equal), so tools read every
 * command's failures the same way.
 */
export interface OperationErrorDocument {
  readonly ok: false;
  readonly exitCode: number;
  readonly error: {
    /** `CATALOG_INVALID` (with `issues`), `USAGE`, or `STORE` (a store call failed or was refused). */
    readonly code: 'CATALOG_INVALID' | 'USAGE' | 'STORE';
    /** The same text the command prints without `--json`. */
    readonly message: string;
    readonly issues?: readonly CatalogIssue[];
  };
}

/** The error document as printed: indented JSON and a newline. */
export function errorJson(document: OperationErrorDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
