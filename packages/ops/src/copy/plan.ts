import type { ProviderName, Secret } from '@locksmith/schema';
import type { SecretStore, StoreLocation } from '../store/types.js';
import { decodePayload, valueDigest } from '../store/value.js';

/** What copy does (or would do) for one secret. Names and counts only. */
export interface CopyAction {
  readonly secret: string;
  readonly from: string;
  readonly to: string;
  readonly action: 'create' | 'update' | 'up-to-date' | 'missing-in-source' | 'unreadable';
  /** Versions written (or to write), oldest first. */
  readonly versions: number;
  readonly note?: string;
}

/** Source values still to write to the target, oldest first, and how the target compares. */
export interface CopyPlan {
  readonly action: CopyAction['action'];
  readonly pending: readonly unknown[];
  readonly note?: string;
}

/**
 * Compares by digest, never by printing. When the target's current value is one of the source's
 * versions, only the newer ones are written, so re-running after a source rotation copies just the
 * new version and re-running with no change writes nothing.
 */
export async function planCopy(
  secret: Secret,
  source: { store: SecretStore; location: StoreLocation },
  target: { store: SecretStore; location: StoreLocation },
): Promise<CopyPlan> {
  const payloads = await source.store.versions(source.location);
  if (payloads.length === 0) return { action: 'missing-in-source', pending: [] };
  const values: unknown[] = [];
  for (const payload of payloads) {
    const decoded = decodePayload(secret, source.store.provider, payload);
    if (!decoded.ok) return { action: 'unreadable', pending: [], note: decoded.reason };
    values.push(decoded.value);
  }
  const digests = values.map(valueDigest);
  const current = await target.store.current(target.location);
  if (current === undefined) return { action: 'create', pending: values };
  const decoded = decodePayload(secret, target.store.provider as ProviderName, current);
  const targetDigest = decoded.ok ? valueDigest(decoded.value) : undefined;
  const at = targetDigest === undefined ? -1 : digests.lastIndexOf(targetDigest);
  if (at === values.length - 1) return { action: 'up-to-date', pending: [] };
  return { action: 'update', pending: values.slice(at + 1) };
}
