import { notFound } from './errors.js';
import type { KvMount } from './kv.js';
import type { VaultState } from './state.js';

/** Where a KV operation of the seed API applies. */
export interface KvLocation {
  /** Default `secret`. */
  readonly mount?: string;
  /** Enterprise namespace (default: root). */
  readonly namespace?: string;
}

/** One KV v2 version as the seed/inspect API reports it. */
export interface KvVersionInfo {
  readonly version: number;
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly createdAt: number;
  readonly deleted: boolean;
  readonly destroyed: boolean;
}

/** Direct access to KV v2 data, bypassing HTTP, tokens, policies and faults. */
export interface FakeVaultKv {
  /** Writes a new version; returns its number. Enables the mount if needed. */
  put(path: string, data: Readonly<Record<string, unknown>>, location?: KvLocation): number;
  /** Reads a version (current by default), deleted or not; undefined when missing. */
  get(path: string, options?: KvLocation & { version?: number }): KvVersionInfo | undefined;
  versions(path: string, location?: KvLocation): readonly KvVersionInfo[];
  /** Paths held under a mount, sorted. */
  paths(location?: KvLocation): string[];
  softDelete(path: string, options?: KvLocation & { versions?: readonly number[] }): void;
  destroy(path: string, versions: readonly number[], location?: KvLocation): void;
  /** Removes every version and the metadata of a path. */
  remove(path: string, location?: KvLocation): void;
}

const info = (v: {
  version: number;
  data: Readonly<Record<string, unknown>> | null;
  createdAt: number;
  deletedAt: number | undefined;
  destroyed: boolean;
}): KvVersionInfo => ({
  version: v.version,
  data: v.data === null ? null : { ...v.data },
  createdAt: v.createdAt,
  deleted: v.deletedAt !== undefined,
  destroyed: v.destroyed,
});

/** Wraps the state in the public KV seed/inspect API. */
export function createKvApi(state: VaultState): FakeVaultKv {
  const mountFor = (location: KvLocation = {}, create = false): KvMount | undefined => {
    const path = location.mount ?? 'secret';
    const existing = state.mount(path, location.namespace);
    return existing ?? (create ? state.enableKv(path, location.namespace) : undefined);
  };
  return {
    put: (path, data, location) => (mountFor(location, true) as KvMount).write(path, data, undefined).version,
    get(path, options = {}) {
      const v = mountFor(options)?.version(path, options.version)?.version;
      return v ? info(v) : undefined;
    },
    versions: (path, location) =>
      [...(mountFor(location)?.entries.get(path)?.versions.values() ?? [])].map(info),
    paths: (location) => [...(mountFor(location)?.entries.keys() ?? [])].sort(),
    softDelete(path, options = {}) {
      const mount = mountFor(options);
      if (!mount?.entries.has(path)) throw notFound();
      mount.softDelete(path, options.versions);
    },
    destroy(path, versions, location) {
      mountFor(location)?.destroy(path, versions);
    },
    remove(path, location) {
      mountFor(location)?.deleteAll(path);
    },
  };
}
