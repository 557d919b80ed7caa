/** A customer profile as stored: the email only ever sealed. */
export interface ProfileRow {
  readonly id: string;
  readonly emailSealed: string;
  readonly keyVersion: string;
}

/**
 * Where profiles live. The demo keeps them in memory; a real deployment puts the same three
 * columns in PostgreSQL. `after` pages in id order, which is what makes a migration resumable.
 */
export interface ProfileStore {
  put(row: ProfileRow): Promise<void>;
  get(id: string): Promise<ProfileRow | undefined>;
  /**
   * Rows to re-seal: sealed with a key other than `keyVersion`, or in a format other than `format`
   * (values sealed before they were bound to their rows), with ids greater than `after`, in id order.
   * In SQL: `WHERE (key_version <> $1 OR email_sealed NOT LIKE $2 || '.%') AND id > $3 ORDER BY id LIMIT $4`.
   */
  staleRows(keyVersion: string, format: string, after: string, limit: number): Promise<readonly ProfileRow[]>;
  /** Replaces a row only if it still carries `expectedKeyVersion`, so a concurrent write is never lost. */
  replaceIf(row: ProfileRow, expectedKeyVersion: string): Promise<boolean>;
  count(): Promise<number>;
}

export function memoryProfileStore(): ProfileStore {
  const rows = new Map<string, ProfileRow>();
  return {
    async put(row) {
      rows.set(row.id, row);
    },
    async get(id) {
      return rows.get(id);
    },
    async staleRows(keyVersion, format, after, limit) {
      return [...rows.values()]
        .filter(
          (r) => (r.keyVersion !== keyVersion || !r.emailSealed.startsWith(`${format}.`)) && r.id > after,
        )
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, limit);
    },
    async replaceIf(row, expectedKeyVersion) {
      if (rows.get(row.id)?.keyVersion !== expectedKeyVersion) return false;
      rows.set(row.id, row);
      return true;
    },
    async count() {
      return rows.size;
    },
  };
}
