import { inspect } from 'node:util';
import type { SecretsErrorCode, SecretsError as SecretsErrorShape } from './types.js';

/**
 * Which codes a retry can cure. The runtime retries (with backoff) only these; everything
 * else is a fact about the secret or the configuration that another attempt will not change.
 */
export const RETRYABLE: Readonly<Record<SecretsErrorCode, boolean>> = Object.freeze({
  NOT_FOUND: false,
  UNSAFE_PATH: false,
  ACCESS_DENIED: false,
  DECRYPTION_FAILED: false,
  MARKED_FOR_DELETION: false,
  INVALID_REQUEST: false,
  THROTTLED: true,
  UNAVAILABLE: true,
  TIMEOUT: true,
  NETWORK: true,
  MALFORMED_RESPONSE: true,
  AUTH_FAILED: false,
  VALIDATION_FAILED: false,
  NOT_LOADED: false,
  CIRCUIT_OPEN: false,
  ABORTED: false,
  CLOSED: false,
  CONFIGURATION: false,
});

/** What a SecretsError may carry: names, codes and rules only — there is deliberately no slot for a value. */
export interface SecretsErrorDetails {
  readonly secret?: string | undefined;
  /** JSON pointer of the offending field (`/password`), for validation failures. */
  readonly field?: string | undefined;
  /** The failing rule (ajv keyword such as `minLength`, or `type`, `json`, `required`). */
  readonly rule?: string | undefined;
  /** Provider name (`aws`, `vault`…), for store failures. */
  readonly provider?: string | undefined;
  /** Only another SecretsError: third-party errors can carry request bodies, tokens or values. */
  readonly cause?: SecretsError | undefined;
  /** Overrides the code's entry in RETRYABLE (an aggregate is retryable only if every part is). */
  readonly retryable?: boolean | undefined;
}

/**
 * Every runtime failure. The message names the secret, field and rule — built only from
 * descriptor names and codes, so it can be logged as is. `toJSON` and `util.inspect` show
 * the same safe fields.
 */
export class SecretsError extends Error implements SecretsErrorShape {
  override readonly name = 'SecretsError';
  readonly code: SecretsErrorCode;
  readonly retryable: boolean;
  readonly secret: string | undefined;
  readonly field: string | undefined;
  readonly rule: string | undefined;
  readonly provider: string | undefined;

  constructor(code: SecretsErrorCode, message: string, details: SecretsErrorDetails = {}) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.code = code;
    this.retryable = details.retryable ?? RETRYABLE[code];
    this.secret = details.secret;
    this.field = details.field;
    this.rule = details.rule;
    this.provider = details.provider;
  }

  /** The same error for another secret (batch-level failures fan out to every request). */
  forSecret(secret: string): SecretsError {
    if (this.secret === secret) return this;
    return new SecretsError(this.code, `${this.message} (secret "${secret}")`, {
      secret,
      provider: this.provider,
      rule: this.rule,
      field: this.field,
      retryable: this.retryable,
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      secret: this.secret,
      field: this.field,
      rule: this.rule,
      provider: this.provider,
    };
  }

  [inspect.custom](): string {
    return `${this.name} [${this.code}]: ${this.message}${this.stack ? `\n${stackFrames(this.stack)}` : ''}`;
  }
}

/** Lists several failures (preload) as one error; `failures` keeps each one. */
export class AggregateSecretsError extends SecretsError {
  readonly failures: readonly SecretsError[];

  constructor(failures: readonly SecretsError[]) {
    const first = failures[0];
    const list = failures
      .map((f) => `${f.secret ?? '?'}: ${f.code}${f.rule ? ` (${f.rule})` : ''}`)
      .join(', ');
    super(first?.code ?? 'CONFIGURATION', `${failures.length} secret(s) failed to load: ${list}`, {
      ...(first ? { cause: first } : {}),
      retryable: failures.length > 0 && failures.every((f) => f.retryable),
    });
    this.failures = failures;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), failures: this.failures.map((f) => f.toJSON()) };
  }
}

/** True for a SecretsError of the given code (or any code). */
export function isSecretsError(error: unknown, code?: SecretsErrorCode): error is SecretsError {
  return error instanceof SecretsError && (code === undefined || error.code === code);
}

function stackFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}

/** The error for `secret`: provider errors from a batch may not know which secret they belong to. */
export function errorForSecret(error: SecretsErrorShape, secret: string): SecretsError {
  if (error instanceof SecretsError) return error.forSecret(secret);
  return new SecretsError(error.code, `${error.code} for secret "${secret}"`, { secret });
}
