/** Status of node-vault failures, read without touching their messages or request objects. */

interface VaultErrorLike {
  readonly response?: { readonly statusCode?: unknown };
  readonly code?: unknown;
}

/** HTTP status (or socket error code) of a node-vault failure; never its message or request. */
export function statusOf(error: unknown): string {
  const e = error as VaultErrorLike | null;
  const status = e?.response?.statusCode;
  if (typeof status === 'number') return `HTTP ${status}`;
  return typeof e?.code === 'string' ? e.code : 'unknown error';
}

/** The HTTP status of a node-vault failure, if it got an answer. */
export const httpStatus = (error: unknown): number | undefined => {
  const status = (error as VaultErrorLike | null)?.response?.statusCode;
  return typeof status === 'number' ? status : undefined;
};
