import { type FSWatcher, watch } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretsError } from '../errors.js';
import type { FetchRequest, FetchResult, Provider, SecretsErrorCode } from '../types.js';
import { fieldKey } from './fields.js';

/** Options of the mounted-files provider. */
export interface FilesProviderOptions {
  /** Directory holding one sub-directory per mounted Kubernetes Secret. */
  readonly root: string;
  /** Sub-directory of a secret (default: the catalog secret name). */
  readonly directoryOf?: (secretName: string) => string;
}

/** The kubelet's atomic-writer layout: `..data` links to a timestamped directory holding the files. */
const DATA_LINK = '..data';

/**
 * Kubernetes Secrets (e.g. synced by External Secrets Operator) mounted as volumes:
 * `<root>/<secret>/<ENV_VAR_NAME>`, one file per field, named by its env var. Files are read
 * through the directory `..data` points to at that moment, so one value never mixes two updates;
 * that target's name is the version id. `watch` reports a secret when the kubelet swaps `..data`.
 * File contents are used exactly as written (no trimming).
 */
export function createFilesProvider(options: FilesProviderOptions): Provider {
  const directoryOf = options.directoryOf ?? ((name: string) => name);
  const dirs = new Map<string, string>();
  const watchers = new Map<string, FSWatcher>();
  const listeners = new Set<(names: readonly string[]) => void>();
  const plain = new Map<string, { readonly joined: string; readonly version: number }>();

  function startWatching(secret: string, dir: string): void {
    if (listeners.size === 0 || watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: false }, (_event, filename) => {
        if (filename === DATA_LINK) for (const listener of listeners) listener([secret]);
      });
      watcher.on('error', () => watchers.delete(dir));
      watchers.set(dir, watcher);
    } catch {
      // The directory is not there yet; the next fetch will try again.
    }
  }

  async function fetchOne(request: FetchRequest): Promise<FetchResult> {
    const secret = request.secret.name;
    const fail = (code: SecretsErrorCode, why: string): FetchResult => ({
      ok: false,
      error: new SecretsError(code, `files: secret "${secret}" ${why}`, { secret, provider: 'files' }),
    });
    if (request.stage !== 'current') return fail('NOT_FOUND', `has no ${request.stage} version on disk`);
    const dir = join(options.root, directoryOf(secret));
    dirs.set(secret, dir);
    const target = await readlink(join(dir, DATA_LINK)).catch(() => undefined);
    const base = target === undefined ? dir : join(dir, target);
    const fields: Record<string, string> = {};
    const missing: string[] = [];
    for (const field of request.secret.fields) {
      try {
        fields[fieldKey(field)] = await readFile(join(base, field.env), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') return fail('ACCESS_DENIED', `cannot read ${field.env}`);
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
          return fail('UNAVAILABLE', `cannot read ${field.env} (${code})`);
        if (field.required && field.default === undefined) missing.push(field.env);
      }
    }
    if (missing.length > 0) return fail('NOT_FOUND', `has no file ${missing.join(', ')} in ${dir}`);
    startWatching(secret, dir);
    return {
      ok: true,
      version: { versionId: target ?? plainVersion(secret, fields), value: { kind: 'fields', fields } },
    };
  }

  /** Without `..data` (a plain directory), the version counts content changes seen by this process. */
  function plainVersion(secret: string, fields: Record<string, string>): string {
    const joined = JSON.stringify(fields);
    const previous = plain.get(secret);
    const version =
      previous === undefined ? 1 : previous.joined === joined ? previous.version : previous.version + 1;
    plain.set(secret, { joined, version });
    return `files-${version}`;
  }

  return {
    name: 'files',
    maxBatchSize: Number.POSITIVE_INFINITY,
    fetch: (requests) => Promise.all(requests.map(fetchOne)),
    watch(onChange) {
      listeners.add(onChange);
      for (const [secret, dir] of dirs) startWatching(secret, dir);
      return () => {
        listeners.delete(onChange);
        if (listeners.size > 0) return;
        for (const watcher of watchers.values()) watcher.close();
        watchers.clear();
      };
    },
    async close() {
      listeners.clear();
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
