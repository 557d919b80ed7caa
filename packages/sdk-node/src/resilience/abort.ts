import { setMaxListeners } from 'node:events';
import { SecretsError } from '../errors.js';
import type { Clock } from '../types.js';

/** Calls `clock.setTimeout` and unrefs the handle so a pending timer never keeps the process alive. */
export function unrefTimer(clock: Clock, fn: () => void, ms: number): unknown {
  const handle = clock.setTimeout(fn, ms);
  if (typeof handle === 'object' && handle !== null && typeof handle.unref === 'function') handle.unref();
  return handle;
}

/** The SecretsError an aborted signal stands for: its reason when that is one, else ABORTED. */
export function abortReason(signal: AbortSignal, secret?: string): SecretsError {
  const reason: unknown = signal.reason;
  if (reason instanceof SecretsError) return secret ? reason.forSecret(secret) : reason;
  return new SecretsError(
    'ABORTED',
    secret ? `call for secret "${secret}" was aborted` : 'call was aborted',
    {
      secret,
    },
  );
}

/** A signal that aborts with TIMEOUT after `ms` on `clock`, or when `parent` aborts. Call `dispose` when done. */
export function deadline(
  clock: Clock,
  ms: number,
  parent?: AbortSignal,
): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // One deadline is shared by every call of a batch (and the SDK listens on it per request): a
  // large preload legitimately adds dozens of listeners, which Node would warn about at 11.
  setMaxListeners(0, controller.signal);
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const timer = unrefTimer(
    clock,
    () => controller.abort(new SecretsError('TIMEOUT', `call timed out after ${ms} ms`)),
    ms,
  );
  return {
    signal: controller.signal,
    dispose(): void {
      clock.clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the work itself may go on). */
export function raceSignal<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  secret?: string,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // Nobody else waits on the work: keep its eventual failure from going unhandled.
    promise.catch(() => undefined);
    return Promise.reject(abortReason(signal, secret));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal, secret));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `ms` on `clock`; rejects early when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = unrefTimer(
      clock,
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      ms,
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
