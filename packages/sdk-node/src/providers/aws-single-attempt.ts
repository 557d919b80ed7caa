/**
 * Makes every AWS SDK call a single attempt, whatever client it is sent through. The runtime owns
 * retries (backoff, jitter, breaker); the SDK's own retry loop would multiply them (3 SDK attempts ×
 * 3 runtime attempts = 9 requests for one cold `get()`), and a client the caller built carries
 * its own `maxAttempts`. A middleware on the command, inside the SDK's retry loop (step
 * `deserialize`), turns each failed attempt into an error the SDK classifies as a non-retryable
 * client error — so the loop stops at once, with no backoff sleep — and the provider unwraps the
 * original error afterwards. The caller's client itself is left untouched.
 */

const ORIGINAL = Symbol('locksmith.aws.original');

/** The wrapper the SDK sees: no status, code or cause it could classify as retryable. */
class AttemptFailed extends Error {
  override readonly name = 'LocksmithAttemptFailed';
  readonly [ORIGINAL]: unknown;
  /** Kept so the SDK's signer can still correct clock skew from the response's Date header. */
  readonly $response: unknown;

  constructor(original: unknown) {
    super('AWS SDK attempt failed');
    this[ORIGINAL] = original;
    this.$response = (original as { $response?: unknown } | null)?.$response;
  }
}

type Next = (args: unknown) => Promise<unknown>;

const stopAfterOneAttempt =
  (next: Next) =>
  async (args: unknown): Promise<unknown> => {
    try {
      return await next(args);
    } catch (error) {
      throw new AttemptFailed(error);
    }
  };

/** A command the middleware can be added to (every AWS SDK v3 command). */
interface WithMiddleware {
  readonly middlewareStack: { add(middleware: never, options: never): void };
}

/** Adds the single-attempt middleware to `command` and returns it. */
export function singleAttempt<C extends WithMiddleware>(command: C): C {
  command.middlewareStack.add(
    stopAfterOneAttempt as never,
    { step: 'deserialize', priority: 'high', name: 'locksmithSingleAttempt', override: true } as never,
  );
  return command;
}

/** The error the SDK attempt really failed with (the wrapper removed), or `error` itself. */
export function attemptError(error: unknown): unknown {
  return error instanceof AttemptFailed ? error[ORIGINAL] : error;
}
