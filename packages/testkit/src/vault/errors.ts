/** A Vault error answer: an HTTP status and the `errors` list Vault puts in its body. */
export class VaultHttpError extends Error {
  readonly status: number;
  readonly errors: readonly string[];
  /** Extra top-level fields (a deleted KV version still reports its metadata with the 404). */
  readonly extra: Readonly<Record<string, unknown>> | undefined;
  constructor(status: number, errors: readonly string[], extra?: Readonly<Record<string, unknown>>) {
    super(errors[0] ?? `status ${status}`);
    this.name = 'VaultHttpError';
    this.status = status;
    this.errors = errors;
    this.extra = extra;
  }
}

/** Exactly what Vault sends for a policy refusal or a bad, expired or revoked token. */
export const PERMISSION_DENIED = '1 error occurred:\n\t* permission denied\n\n';

/**
 * What Vault (1.17 and later) sends for a token that is unknown, expired or revoked: the denial and
 * the reason, so a client can tell "log in again" apart from "your policy says no".
 */
export const INVALID_TOKEN = '2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n';

export const permissionDenied = (): VaultHttpError => new VaultHttpError(403, [PERMISSION_DENIED]);
export const invalidToken = (): VaultHttpError => new VaultHttpError(403, [INVALID_TOKEN]);
export const notFound = (extra?: Readonly<Record<string, unknown>>): VaultHttpError =>
  new VaultHttpError(404, [], extra);
export const badRequest = (message: string): VaultHttpError => new VaultHttpError(400, [message]);
export const sealedError = (): VaultHttpError => new VaultHttpError(503, ['Vault is sealed']);
