import type { PreviousSecretVersion, SecretVersion } from '../types.js';
import type { Version } from './previous.js';

/**
 * When the previous version stops being offered, in epoch ms: the current version's creation date
 * in the store plus the rotation overlap — not the time this process noticed the rotation, so a
 * rotation seen late (after an outage, a restart) does not extend an old key's life. A provider that
 * reports no creation date falls back to when this process first loaded the version. Undefined
 * when the secret has no overlap: the previous version is then offered until the next rotation.
 */
export function overlapEnd(current: Version<unknown>, overlapMs: number | undefined): number | undefined {
  if (overlapMs === undefined) return undefined;
  return (current.createdAt ?? current.seenAt) + overlapMs;
}

/** The public, frozen view of a cached version. */
export function publicVersion<V>(version: Version<V>): SecretVersion<V> {
  return Object.freeze({
    versionId: version.versionId,
    value: version.value,
    createdAt: new Date(version.createdAt ?? version.seenAt),
  });
}

/** The public view of a previous version offered until `until` (epoch ms; undefined: next rotation). */
export function publicPrevious<V>(version: Version<V>, until: number | undefined): PreviousSecretVersion<V> {
  return Object.freeze({
    ...publicVersion(version),
    ...(until === undefined ? {} : { offeredUntil: new Date(until) }),
  });
}
