import type { CatalogIssue } from '@locksmith/schema';

/** Exit codes of the `locksmith` CLI (documented in docs/codegen.md). */
export const EXIT = {
  ok: 0,
  /** `gen --check` found drift. */
  drift: 1,
  /** The catalog is invalid, or the command line is wrong, or gen refused to overwrite a file. */
  usage: 2,
  /** `plan` found access changes: a service gains, loses or switches read access somewhere. */
  accessChanges: 3,
  /** A bug in locksmith (EX_SOFTWARE from sysexits.h). */
  internal: 70,
} as const;

/**
 * An expected failure the user can fix: printed as is, without a stack, with its exit code. A
 * catalog that does not load carries its issues, so that `--json` can list them one by one.
 */
export class ExitError extends Error {
  readonly exitCode: number;
  readonly issues: readonly CatalogIssue[] | undefined;

  constructor(exitCode: number, message: string, issues?: readonly CatalogIssue[]) {
    super(message);
    this.name = 'ExitError';
    this.exitCode = exitCode;
    this.issues = issues;
  }
}

/** A failure that should never happen whatever the input: reported as a bug, exit 70. */
export class InternalError extends Error {
  readonly exitCode = EXIT.internal;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}
