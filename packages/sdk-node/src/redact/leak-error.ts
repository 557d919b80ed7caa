/** Thrown by `guardResponse` when a body holds a loaded value. Carries no part of the body. */
export class SecretLeakError extends Error {
  override readonly name = 'SecretLeakError';
  constructor(what = 'response body') {
    super(`${what} contains a loaded secret value; refused`);
  }
}
