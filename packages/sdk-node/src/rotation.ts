import type { SecretVersions } from './types.js';

/**
 * Runs `attempt` with the current value, then with the previous one, and returns the first
 * success — for the overlap of a dual-key rotation (verify a JWT signed with either key, decrypt
 * data sealed with either). When every version fails, the current version's error is rethrown:
 * it is the one that matters once the overlap ends.
 */
export async function tryEach<V, R>(
  versions: SecretVersions<V>,
  attempt: (value: V, versionId: string) => R | Promise<R>,
): Promise<R> {
  try {
    return await attempt(versions.current.value, versions.current.versionId);
  } catch (currentError) {
    if (!versions.previous) throw currentError;
    try {
      return await attempt(versions.previous.value, versions.previous.versionId);
    } catch {
      throw currentError;
    }
  }
}
