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

/** An expected failure the user can fix: printed as is, without a stack, with its exit code. */
export class OperationError extends Error {
  readonly exitCode: number;

  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'OperationError';
    this.exitCode = exitCode;
  }
}

/** A usage error (exit 2). */
export function usageError(message: string): OperationError {
  return new OperationError(EXIT.usage, message);
}
