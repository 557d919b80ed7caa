import { SecretsError } from '../errors.js';
import type { SecretsErrorCode } from '../types.js';

const BY_EXCEPTION: Readonly<Record<string, SecretsErrorCode>> = {
  ResourceNotFoundException: 'NOT_FOUND',
  AccessDeniedException: 'ACCESS_DENIED',
  UnrecognizedClientException: 'ACCESS_DENIED',
  InvalidSignatureException: 'ACCESS_DENIED',
  ExpiredTokenException: 'AUTH_FAILED',
  CredentialsProviderError: 'AUTH_FAILED',
  DecryptionFailure: 'DECRYPTION_FAILED',
  InvalidParameterException: 'INVALID_REQUEST',
  InvalidNextTokenException: 'INVALID_REQUEST',
  ValidationException: 'INVALID_REQUEST',
  ThrottlingException: 'THROTTLED',
  TooManyRequestsException: 'THROTTLED',
  RequestLimitExceeded: 'THROTTLED',
  InternalServiceError: 'UNAVAILABLE',
  InternalFailure: 'UNAVAILABLE',
  ServiceUnavailable: 'UNAVAILABLE',
  TimeoutError: 'TIMEOUT',
  RequestTimeout: 'TIMEOUT',
  SyntaxError: 'MALFORMED_RESPONSE',
};

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

interface AwsErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $fault?: unknown;
}

/**
 * Maps an SDK exception (or a per-secret BatchGetSecretValue error code) to a stable code.
 * Only the exception name and HTTP status are read; the AWS message is looked at solely to
 * tell "marked for deletion" apart and is never copied into ours.
 */
export function awsErrorCode(name: string, message: string, status: number | undefined): SecretsErrorCode {
  if (name === 'InvalidRequestException') {
    return /marked for deletion/i.test(message) ? 'MARKED_FOR_DELETION' : 'INVALID_REQUEST';
  }
  const known = BY_EXCEPTION[name];
  if (known) return known;
  if (status !== undefined && status >= 500) return 'UNAVAILABLE';
  if (status === 429) return 'THROTTLED';
  if (status !== undefined && status >= 400) return 'INVALID_REQUEST';
  return 'MALFORMED_RESPONSE';
}

/** Converts anything the SDK throws into a SecretsError without keeping the original (it can hold bodies). */
export function fromAwsError(error: unknown, secret: string | undefined): SecretsError {
  if (error instanceof SecretsError) return secret ? error.forSecret(secret) : error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const sysCode = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : '';
  const status = e.$metadata?.httpStatusCode;
  let code: SecretsErrorCode;
  if (sysCode && NETWORK_CODES.has(sysCode)) code = 'NETWORK';
  else if (sysCode && TIMEOUT_CODES.has(sysCode)) code = 'TIMEOUT';
  else if (name === 'AbortError') code = 'ABORTED';
  else if (
    status === undefined &&
    e.$fault === undefined &&
    !(name in BY_EXCEPTION) &&
    name !== 'SyntaxError'
  )
    code = /socket hang up|ECONNRESET/i.test(message) ? 'NETWORK' : 'MALFORMED_RESPONSE';
  else code = awsErrorCode(name, message, status);
  const label = sysCode ?? name;
  const what = secret ? `secret "${secret}"` : 'request';
  return new SecretsError(code, `aws: ${what} failed: ${label}${status ? ` (HTTP ${status})` : ''}`, {
    secret,
    provider: 'aws',
  });
}
