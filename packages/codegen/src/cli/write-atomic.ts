import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isCode, TEMP_SUFFIX } from './output-tree.js';

/**
 * Writes `contents` to `file` so a reader sees the old bytes or the new, never half of them: the
 * data goes to a temporary file in the same directory (same filesystem) and is renamed over it.
 */
export async function writeFileAtomic(file: string, contents: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}${TEMP_SUFFIX}`;
  try {
    await writeFile(temp, contents, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes `file`, then each parent directory up to (not including) `stopAt` that became empty. */
export async function removeFileAndEmptyParents(file: string, stopAt: string): Promise<void> {
  await rm(file, { force: true });
  let dir = dirname(file);
  while (dir.startsWith(stopAt) && dir !== stopAt && dir !== join(stopAt, '.')) {
    try {
      await rmdir(dir);
    } catch (error) {
      if (isCode(error, 'ENOTEMPTY') || isCode(error, 'EEXIST') || isCode(error, 'ENOENT')) return;
      throw error;
    }
    dir = dirname(dir);
  }
}
