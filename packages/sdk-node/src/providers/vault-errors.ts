import { SecretsError } from '../errors.js';
import type { SecretsErrorCode } from '../types.js';

interface VaultErrorLike {
  readonly code?: unknown;
  readonly response?: { readonly statusCode?: unknown; readonly body?: unknown };
}

/** HTTP status of a node-vault ApiResponseError, if it is one. */
export function vaultStatus(error: unknown): number | undefined {
  const status = (error as VaultErrorLike | null)?.response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function codeForStatus(status: number): SecretsErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 403 || status === 401) return 'ACCESS_DENIED';
  // A KV read answered 429 hit a rate-limit quota (standby 429s come only from sys/health).
  if (status === 429) return 'THROTTLED';
  // 503: sealed or in maintenance; 473: a performance standby node.
  if (status === 503 || status === 473 || status >= 500) return 'UNAVAILABLE';
  if (status === 412) return 'UNAVAILABLE';
  return 'INVALID_REQUEST';
}

/**
 * Converts a node-vault/axios error into a SecretsError. The original is dropped on purpose:
 * axios errors carry the request config, which includes the `X-Vault-Token` header.
 */
export function fromVaultError(error: unknown, secret: string | undefined): SecretsError {
  if (error instanceof SecretsError) return secret ? error.forSecret(secret) : error;
  const what = secret ? `secret "${secret}"` : 'request';
  const status = vaultStatus(error);
  if (status !== undefined) {
    return new SecretsError(codeForStatus(status), `vault: ${what} failed: HTTP ${status}`, {
      secret,
      provider: 'vault',
    });
  }
  const sys = (error as VaultErrorLike | null)?.code;
  const label = typeof sys === 'string' ? sys : 'unknown error';
  const code: SecretsErrorCode =
    sys === 'ECONNABORTED' || sys === 'ETIMEDOUT' || sys === 'ESOCKETTIMEDOUT'
      ? 'TIMEOUT'
      : sys === 'ERR_BAD_RESPONSE'
        ? 'MALFORMED_RESPONSE'
        : typeof sys === 'string'
          ? 'NETWORK'
          : 'MALFORMED_RESPONSE';
  return new SecretsError(code, `vault: ${what} failed: ${label}`, { secret, provider: 'vault' });
}
