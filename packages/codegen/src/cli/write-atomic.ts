import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, posix } from 'node:path';
import { EXIT, ExitError } from './errors.js';
import { isCode, lstatOrUndefined, TEMP_SUFFIX } from './output-tree.js';

/**
 * Writes `contents` to `path` (posix, relative) inside `outDir` so a reader sees the old bytes
 * or the new, never half of them, and never anywhere else: every directory on the way is created
 * or checked to be a real directory (not a symbolic link), the data goes to a new temporary file
 * (created exclusively, so an existing link there is refused) and is renamed over the target,
 * which replaces a link rather than writing through it.
 *
 * Synchronous, like the rest of gen's file work: the files are small and many, and each
 * asynchronous call is a round trip through libuv's thread pool (a 45-file `gen` spent most of
 * its writing time waiting on those).
 */
export function writeFileAtomic(outDir: string, path: string, contents: string): void {
  const target = containedPath(outDir, path);
  ensureRealDirectories(outDir, posix.dirname(path));
  const temp = `${target}.${process.pid}${TEMP_SUFFIX}`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeFileSync(fd, contents, 'utf8');
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes the regular file at `path`, then each parent directory inside `outDir` that became empty. */
export function removeFileAndEmptyParents(outDir: string, path: string): void {
  const target = containedPath(outDir, path);
  const info = lstatOrUndefined(target);
  if (info?.isFile()) rmSync(target);
  for (let dir = posix.dirname(path); dir !== '.' && dir !== ''; dir = posix.dirname(dir)) {
    const full = containedPath(outDir, dir);
    if (!lstatOrUndefined(full)?.isDirectory()) return;
    try {
      rmdirSync(full);
    } catch (error) {
      if (isCode(error, 'ENOTEMPTY') || isCode(error, 'EEXIST') || isCode(error, 'ENOENT')) return;
      throw error;
    }
  }
}

/** `outDir/path` for a relative posix path that stays inside `outDir`; anything else is a bug. */
export function containedPath(outDir: string, path: string): string {
  const segments = path.split('/');
  if (
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new Error(`refusing to write "${path}": not a relative path inside the output directory`);
  }
  return join(outDir, ...segments);
}

function ensureRealDirectories(outDir: string, dir: string): void {
  mkdirSync(outDir, { recursive: true });
  if (lstatSync(outDir).isSymbolicLink()) throw refusal(outDir);
  if (dir === '.' || dir === '') return;
  let current = outDir;
  for (const segment of dir.split('/')) {
    current = join(current, segment);
    let info = lstatOrUndefined(current);
    if (info === undefined) {
      try {
        mkdirSync(current);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      info = lstatSync(current);
    }
    if (info.isSymbolicLink() || !info.isDirectory()) throw refusal(current);
  }
}

function refusal(path: string): ExitError {
  return new ExitError(
    EXIT.usage,
    `locksmith gen: ${path} is a symbolic link or not a directory; refusing to write through it. Remove it and run gen again.`,
  );
}
