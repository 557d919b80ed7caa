import type { SecretHandle } from '@locksmith/sdk-node';
import { open, openUnbound, SEALED_FORMAT, seal } from './crypto/pii.js';
import type { ProfileStore } from './store/profiles.js';

/** Where a migration got to, so a stopped run resumes instead of starting over. */
export interface MigrationCheckpoint {
  load(): Promise<{ targetVersion: string; after: string } | undefined>;
  save(state: { targetVersion: string; after: string }): Promise<void>;
}

export function memoryCheckpoint(): MigrationCheckpoint {
  let state: { targetVersion: string; after: string } | undefined;
  return {
    async load() {
      return state;
    },
    async save(next) {
      state = next;
    },
  };
}

export interface MigrationResult {
  readonly targetVersion: string;
  readonly reEncrypted: number;
  readonly batches: number;
}

/**
 * Re-seals every profile still sealed with an older PII key, or sealed before values were bound to
 * their rows, under the current key and bound to its row. Resumable (a checkpoint per target key
 * version, saved after each batch) and idempotent (a second run finds nothing to do; a row changed
 * concurrently is skipped, not overwritten).
 */
export async function migrateEncryption(options: {
  readonly key: SecretHandle<string>;
  readonly store: ProfileStore;
  readonly checkpoint: MigrationCheckpoint;
  readonly batchSize?: number;
  /** Stop after this many batches (to resume later); default: run to the end. */
  readonly maxBatches?: number;
}): Promise<MigrationResult> {
  const { key, store, checkpoint } = options;
  const batchSize = options.batchSize ?? 100;
  const versions = await key.versions();
  const targetVersion = versions.current.versionId;
  const saved = await checkpoint.load();
  let after = saved?.targetVersion === targetVersion ? saved.after : '';
  let reEncrypted = 0;
  let batches = 0;

  while (options.maxBatches === undefined || batches < options.maxBatches) {
    const rows = await store.staleRows(targetVersion, SEALED_FORMAT, after, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const bound = row.emailSealed.startsWith(`${SEALED_FORMAT}.`);
      const plaintext = bound
        ? open(versions, row.emailSealed, row.id)
        : openUnbound(versions, row.emailSealed);
      const sealed = seal(versions, plaintext, row.id);
      const replaced = await store.replaceIf(
        { id: row.id, emailSealed: sealed.text, keyVersion: sealed.keyVersion },
        row.keyVersion,
      );
      if (replaced) reEncrypted++;
      after = row.id;
    }
    batches++;
    await checkpoint.save({ targetVersion, after });
  }
  return { targetVersion, reEncrypted, batches };
}
