import type { CatalogIssue } from '@locksmith/schema';

/**
 * Exit codes of the operations commands: the `locksmith` CLI's codes (docs/operations.md), repeated
 * here because this package never imports the CLI.
 */
export const EXIT = {
  ok: 0,
  /** Findings (doctor problems, overdue or orphaned secrets...) or a store call that failed. */
  findings: 1,
  /** The command line is wrong or the catalog is invalid. */
  usage: 2,
} as const;

/**
 * An expected failure the user can fix: printed as is, without a stack, with its exit code. A
 * catalog that does not load carries its issues, so that `--json` can list them one by one.
 */
export class OperationError extends Error {
  readonly exitCode: number;
  readonly issues: readonly CatalogIssue[] | undefined;

  constructor(exitCode: number, message: string, issues?: readonly CatalogIssue[]) {
    super(message);
    this.name = 'OperationError';
    this.exitCode = exitCode;
    this.issues = issues;
  }
}

/** A usage error (exit 2). */
export function usageError(message: string): OperationError {
  return new OperationError(EXIT.usage, message);
}
