import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import findCacheDirectory from 'find-cache-directory';
import type { MemoStore } from './memo-store.js';

/**
 * Locksmith's cache on disk, under `node_modules/.cache/locksmith` of the nearest package (or
 * `$CACHE_DIR/locksmith`), safe to delete at any time. Each namespace is one JSON file named after
 * the fingerprint of the tools that produce its values (their versions and Locksmith's own code),
 * so an upgrade starts a new file and never reads an old tool's output; entries are keyed by the
 * sha256 of their content key. Reads happen once per namespace and process; `flush` writes what
 * changed, each file atomically (a temporary file renamed over it), so concurrent runs lose at
 * most each other's new entries.
 */
export interface DiskCache {
  readonly directory: string;
  /** The memo of one namespace under one tool fingerprint. */
  store(namespace: string, fingerprint: string): MemoStore;
  /** Writes new entries. Never throws: a cache that cannot be written is only a slower run. */
  flush(): void;
}

/** Entries kept per namespace file; past that, only the entries used by this process are kept. */
const MAX_ENTRIES = 50_000;
const FORMAT = 1;

/** Opens the cache of the package around `cwd`; undefined when there is none or it is not writable. */
export function openDiskCache(cwd: string): DiskCache | undefined {
  let directory: string | undefined;
  try {
    directory = findCacheDirectory({ name: 'locksmith', cwd });
  } catch {
    return undefined;
  }
  return directory === undefined ? undefined : diskCacheAt(directory);
}

/** The cache in exactly this directory (created on the first flush). */
export function diskCacheAt(directory: string): DiskCache {
  const stores = new Map<string, FileStore>();
  return {
    directory,
    store(namespace, fingerprint) {
      const file = `${namespace}-${sha256(fingerprint).slice(0, 16)}.json`;
      let store = stores.get(file);
      if (!store) {
        store = new FileStore(directory, namespace, file);
        stores.set(file, store);
      }
      return store;
    },
    flush() {
      for (const store of stores.values()) store.flush();
    },
  };
}

class FileStore implements MemoStore {
  #entries: Map<string, string> | undefined;
  readonly #used = new Set<string>();
  #dirty = false;

  constructor(
    readonly directory: string,
    readonly namespace: string,
    readonly file: string,
  ) {}

  get(key: string): string | undefined {
    const hash = sha256(key);
    const value = this.#load().get(hash);
    if (value !== undefined) this.#used.add(hash);
    return value;
  }

  set(key: string, value: string): void {
    const hash = sha256(key);
    const entries = this.#load();
    this.#used.add(hash);
    if (entries.get(hash) === value) return;
    entries.set(hash, value);
    this.#dirty = true;
  }

  flush(): void {
    if (!this.#dirty || !this.#entries) return;
    let entries = this.#entries;
    if (entries.size > MAX_ENTRIES) entries = new Map([...entries].filter(([k]) => this.#used.has(k)));
    const path = join(this.directory, this.file);
    const temp = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(this.directory, { recursive: true });
      writeFileSync(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(entries) }));
      renameSync(temp, path);
      this.#dirty = false;
      this.#removeOtherFingerprints();
    } catch {
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing was written where nothing can be written.
      }
    }
  }

  #load(): Map<string, string> {
    if (this.#entries) return this.#entries;
    this.#entries = new Map();
    try {
      const parsed = JSON.parse(readFileSync(join(this.directory, this.file), 'utf8')) as {
        format?: unknown;
        entries?: Record<string, unknown>;
      };
      if (parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object') {
        for (const [k, v] of Object.entries(parsed.entries))
          if (typeof v === 'string') this.#entries.set(k, v);
      }
    } catch {
      // Missing, unreadable or corrupt: start empty; the next flush writes a good file.
    }
    return this.#entries;
  }

  /** Files of this namespace written by other tool versions are dead weight: remove them. */
  #removeOtherFingerprints(): void {
    for (const name of readdirSync(this.directory)) {
      if (
        name !== this.file &&
        name.startsWith(`${this.namespace}-`) &&
        /^.+-[0-9a-f]{16}\.json$/.test(name)
      ) {
        rmSync(join(this.directory, name), { force: true });
      }
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
