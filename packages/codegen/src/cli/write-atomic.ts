import { lstat, mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { EXIT, ExitError } from './errors.js';
import { isCode, lstatOrUndefined, TEMP_SUFFIX } from './output-tree.js';

/**
 * Writes `contents` to `path` (posix, relative) inside `outDir` so a reader sees the old bytes
 * or the new, never half of them, and never anywhere else: every directory on the way is created
 * or checked to be a real directory (not a symbolic link), the data goes to a new temporary file
 * (created exclusively, so an existing link there is refused) and is renamed over the target,
 * which replaces a link rather than writing through it.
 */
export async function writeFileAtomic(outDir: string, path: string, contents: string): Promise<void> {
  const target = containedPath(outDir, path);
  await ensureRealDirectories(outDir, posix.dirname(path));
  const temp = `${target}.${process.pid}${TEMP_SUFFIX}`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(contents, 'utf8');
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes the regular file at `path`, then each parent directory inside `outDir` that became empty. */
export async function removeFileAndEmptyParents(outDir: string, path: string): Promise<void> {
  const target = containedPath(outDir, path);
  const info = await lstatOrUndefined(target);
  if (info?.isFile()) await rm(target);
  for (let dir = posix.dirname(path); dir !== '.' && dir !== ''; dir = posix.dirname(dir)) {
    const full = containedPath(outDir, dir);
    if (!(await lstat(full).catch(() => undefined))?.isDirectory()) return;
    try {
      await rmdir(full);
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

async function ensureRealDirectories(outDir: string, dir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  if ((await lstat(outDir)).isSymbolicLink()) throw refusal(outDir);
  if (dir === '.' || dir === '') return;
  let current = outDir;
  for (const segment of dir.split('/')) {
    current = join(current, segment);
    let info = await lstatOrUndefined(current);
    if (info === undefined) {
      try {
        await mkdir(current);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      info = await lstat(current);
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
