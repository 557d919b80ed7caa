import type { SecretVersions } from './types.js';

/** Options of {@link tryEach}. */
export interface TryEachOptions {
  /** The time to compare with the overlap's end, in epoch ms (default `Date.now()`). */
  readonly now?: () => number;
}

/**
 * Runs `attempt` with the current value, then with the previous one, and returns the first
 * success — for the overlap of a dual-key rotation (verify a JWT signed with either key, decrypt
 * data sealed with either). The previous version is skipped once its `offeredUntil` has passed,
 * so a `versions` object kept past the overlap does not keep an old key alive. When every version
 * fails, the current version's error is rethrown: it is the one that matters once the overlap ends.
 * Prefer `handle.tryEach`, which reads fresh versions on the client's clock.
 */
export async function tryEach<V, R>(
  versions: SecretVersions<V>,
  attempt: (value: V, versionId: string) => R | Promise<R>,
  options: TryEachOptions = {},
): Promise<R> {
  try {
    return await attempt(versions.current.value, versions.current.versionId);
  } catch (currentError) {
    const previous = versions.previous;
    if (!previous) throw currentError;
    const until = previous.offeredUntil?.getTime();
    if (until !== undefined && (options.now ?? Date.now)() > until) throw currentError;
    try {
      return await attempt(previous.value, previous.versionId);
    } catch {
      throw currentError;
    }
  }
}
