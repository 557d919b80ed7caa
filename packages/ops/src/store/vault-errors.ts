import { isSecretsError, vaultStatus } from '@locksmith/sdk-node';
import { StoreError } from './types.js';

/** The status of a node-vault failure, read (as the runtime reads it) without touching its message or request. */
export const httpStatus = vaultStatus;

/** HTTP status (or socket error code) of a node-vault failure; never its message or request. */
export function statusOf(error: unknown): string {
  const status = vaultStatus(error);
  if (status !== undefined) return `HTTP ${status}`;
  const code = (error as { readonly code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

/**
 * A failed login of the runtime's Vault session, as a StoreError naming the method and the store's
 * answer (`vault: approle login failed: HTTP 400`). The session keeps the store's status in its
 * error's cause (`vault: request failed: HTTP 400`); the credentials are in neither.
 */
export function loginFailure(method: string, error: unknown): StoreError {
  if (!isSecretsError(error)) return new StoreError(`vault: ${method} login failed: ${statusOf(error)}`);
  const cause = error.cause;
  const answer = isSecretsError(cause) ? /failed: (.+)$/.exec(cause.message)?.[1] : undefined;
  // No cause: the session failed before asking Vault (an unreadable service-account token).
  const detail = answer ?? (cause === undefined ? error.message.replace(/^vault: /, '') : error.code);
  const denied = isSecretsError(cause) && cause.code === 'ACCESS_DENIED';
  return new StoreError(`vault: ${method} login failed: ${detail}`, denied);
}
