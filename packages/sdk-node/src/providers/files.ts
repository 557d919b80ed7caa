import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile, readlink, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SecretsError } from '../errors.js';
import type { FetchRequest, FetchResult, Provider, SecretsErrorCode } from '../types.js';
import { containedRealPath, isInside } from './contained-path.js';
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
 * that target's name is the version id and its modification time the version's creation date.
 * `watch` reports a secret when the kubelet swaps `..data`. File contents are used exactly as
 * written (no trimming). Every path is resolved (symlinks followed) before it is read and must stay
 * under the root — a secret directory, a `..data` target or a field file that leads outside it
 * fails with `UNSAFE_PATH` — so a crafted name or link cannot make the provider read other files.
 */
export function createFilesProvider(options: FilesProviderOptions): Provider {
  const directoryOf = options.directoryOf ?? ((name: string) => name);
  const root = resolve(options.root);
  let realRoot: Promise<string> | undefined;
  const dirs = new Map<string, string>();
  const watchers = new Map<string, FSWatcher>();
  const listeners = new Set<(names: readonly string[]) => void>();
  const plain = new Map<string, { readonly digest: string; readonly version: number }>();

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
    const dir = resolve(root, directoryOf(secret));
    if (!isInside(root, dir)) return fail('UNSAFE_PATH', `names a directory outside the root ${root}`);
    let base: string;
    let target: string | undefined;
    try {
      realRoot ??= realpath(root);
      const realBase = await realRoot;
      target = await readlink(join(dir, DATA_LINK)).catch(() => undefined);
      const wanted = target === undefined ? dir : resolve(dir, target);
      const contained = await containedRealPath(realBase, wanted);
      if (contained === undefined)
        return fail('UNSAFE_PATH', `has a ${DATA_LINK} link that points outside the root ${root}`);
      base = contained;
    } catch (error) {
      realRoot = undefined;
      return failFromErrno(fail, error, `cannot open ${dir}`, 'NOT_FOUND');
    }
    dirs.set(secret, dir);
    const fields: Record<string, string> = {};
    const missing: string[] = [];
    let newest = 0;
    for (const field of request.secret.fields) {
      try {
        const file = await containedRealPath(await realRoot, join(base, field.env));
        if (file === undefined)
          return fail('UNSAFE_PATH', `has a file ${field.env} that links outside the root ${root}`);
        const [content, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
        fields[fieldKey(field)] = content;
        newest = Math.max(newest, info.mtimeMs);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
          return failFromErrno(fail, error, `cannot read ${field.env}`, 'UNAVAILABLE');
        if (field.required && field.default === undefined) missing.push(field.env);
      }
    }
    if (missing.length > 0) return fail('NOT_FOUND', `has no file ${missing.join(', ')} in ${dir}`);
    startWatching(secret, dir);
    // The kubelet creates the `..data` target for each update: its date is the version's.
    const created = target === undefined ? newest : (await stat(base)).mtimeMs;
    return {
      ok: true,
      version: {
        versionId: target ?? plainVersion(secret, fields),
        value: { kind: 'fields', fields },
        ...(created > 0 ? { createdAt: new Date(created) } : {}),
      },
    };
  }

  /** Without `..data` (a plain directory), the version counts content changes seen by this process. */
  function plainVersion(secret: string, fields: Record<string, string>): string {
    // A digest, not the text: the provider keeps no value of its own.
    const digest = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
    const previous = plain.get(secret);
    const version =
      previous === undefined ? 1 : previous.digest === digest ? previous.version : previous.version + 1;
    plain.set(secret, { digest, version });
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

/** A failed filesystem call as a typed result: permissions → ACCESS_DENIED, missing → `missingCode`. */
function failFromErrno(
  fail: (code: SecretsErrorCode, why: string) => FetchResult,
  error: unknown,
  what: string,
  missingCode: SecretsErrorCode,
): FetchResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return fail('ACCESS_DENIED', what);
  if (code === 'ENOENT' || code === 'ENOTDIR') return fail(missingCode, what);
  return fail('UNAVAILABLE', `${what} (${code ?? 'error'})`);
}
