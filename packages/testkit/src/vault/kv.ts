import { badRequest } from './errors.js';

/** One version of a KV v2 entry. Times are fake-clock epoch ms. */
export interface KvVersion {
  readonly version: number;
  /** `null` once destroyed. */
  data: Readonly<Record<string, unknown>> | null;
  readonly createdAt: number;
  deletedAt: number | undefined;
  destroyed: boolean;
}

/** One KV v2 path: its versions and metadata. */
export interface KvEntry {
  readonly versions: Map<number, KvVersion>;
  currentVersion: number;
  /** 0 until max_versions has dropped a version; then the oldest version kept. */
  oldestVersion: number;
  /** 0 means the mount's setting. */
  maxVersions: number;
  casRequired: boolean;
  customMetadata: Readonly<Record<string, string>> | null;
  readonly createdAt: number;
  updatedAt: number;
}

/** Vault's default when neither the mount nor the entry sets max_versions. */
const DEFAULT_MAX_VERSIONS = 10;

/** A KV version 2 secrets engine mount and its rules (versions, cas, soft delete, destroy). */
export class KvMount {
  readonly entries = new Map<string, KvEntry>();

  constructor(
    readonly path: string,
    private readonly now: () => number,
    public maxVersions = 0,
    public casRequired = false,
  ) {}

  /** Writes a new version, honouring check-and-set. */
  write(key: string, data: Readonly<Record<string, unknown>>, cas: number | undefined): KvVersion {
    const entry = this.entries.get(key);
    if (cas === undefined && (this.casRequired || entry?.casRequired)) {
      throw badRequest('check-and-set parameter required for this call');
    }
    if (cas !== undefined && cas !== (entry?.currentVersion ?? 0)) {
      throw badRequest('check-and-set parameter did not match the current version');
    }
    const now = this.now();
    const target = entry ?? this.createEntry(key, now);
    const version: KvVersion = {
      version: target.currentVersion + 1,
      data: { ...data },
      createdAt: now,
      deletedAt: undefined,
      destroyed: false,
    };
    target.versions.set(version.version, version);
    target.currentVersion = version.version;
    target.updatedAt = now;
    this.trim(target);
    return version;
  }

  /** Writes the metadata-only fields (`max_versions`, `cas_required`, `custom_metadata`). */
  writeMetadata(
    key: string,
    fields: { maxVersions?: number; casRequired?: boolean; customMetadata?: Record<string, string> },
  ): void {
    const now = this.now();
    const entry = this.entries.get(key) ?? this.createEntry(key, now);
    if (fields.maxVersions !== undefined) entry.maxVersions = fields.maxVersions;
    if (fields.casRequired !== undefined) entry.casRequired = fields.casRequired;
    if (fields.customMetadata !== undefined) entry.customMetadata = fields.customMetadata;
    entry.updatedAt = now;
    this.trim(entry);
  }

  /** The version a read asks for (0 or undefined = current). */
  version(
    key: string,
    version: number | undefined,
  ): { entry: KvEntry; version: KvVersion | undefined } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const wanted = version === undefined || version === 0 ? entry.currentVersion : version;
    return { entry, version: entry.versions.get(wanted) };
  }

  /** Soft-deletes versions (the current one when none are named). */
  softDelete(key: string, versions?: readonly number[]): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    for (const n of versions ?? [entry.currentVersion]) {
      const v = entry.versions.get(n);
      if (v && v.deletedAt === undefined && !v.destroyed) v.deletedAt = this.now();
    }
    entry.updatedAt = this.now();
  }

  undelete(key: string, versions: readonly number[]): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    for (const n of versions) {
      const v = entry.versions.get(n);
      if (v && !v.destroyed) v.deletedAt = undefined;
    }
    entry.updatedAt = this.now();
  }

  destroy(key: string, versions: readonly number[]): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    for (const n of versions) {
      const v = entry.versions.get(n);
      if (v) {
        v.destroyed = true;
        v.data = null;
      }
    }
    entry.updatedAt = this.now();
  }

  deleteAll(key: string): void {
    this.entries.delete(key);
  }

  /** Direct children of a folder: leaf names, and sub-folders with a trailing `/`. */
  list(prefix: string): string[] {
    const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    const keys = new Set<string>();
    for (const key of this.entries.keys()) {
      if (!key.startsWith(base)) continue;
      const rest = key.slice(base.length);
      const slash = rest.indexOf('/');
      keys.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    return [...keys].filter((k) => k !== '').sort();
  }

  private createEntry(key: string, now: number): KvEntry {
    const entry: KvEntry = {
      versions: new Map(),
      currentVersion: 0,
      oldestVersion: 0,
      maxVersions: 0,
      casRequired: false,
      customMetadata: null,
      createdAt: now,
      updatedAt: now,
    };
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Drops the oldest versions beyond max_versions. Like Vault, `oldest_version` stays 0 until a
   * version has been dropped this way, then names the oldest version still kept.
   */
  private trim(entry: KvEntry): void {
    const max = entry.maxVersions || this.maxVersions || DEFAULT_MAX_VERSIONS;
    while (entry.versions.size > max) {
      const oldest = Math.min(...entry.versions.keys());
      entry.versions.delete(oldest);
      entry.oldestVersion = Math.min(...entry.versions.keys());
    }
  }
}
