import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { EmitterEntry } from '../emitters/index.js';

/** Marks the temporary files gen writes before renaming them into place. */
export const TEMP_SUFFIX = '.locksmith-tmp';

/**
 * Reads every file under the parts of `outDir` the given emitters own, keyed by posix path
 * relative to `outDir`. Missing directories are simply empty; a half-written temp file from a
 * crashed run is ignored.
 */
export async function readOwnedFiles(
  outDir: string,
  emitters: readonly EmitterEntry[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of emitters) {
    if (entry.owns.endsWith('/')) {
      for (const file of await listFiles(join(outDir, entry.owns))) {
        const path = relative(outDir, file).split(sep).join(posix.sep);
        if (!path.endsWith(TEMP_SUFFIX)) found.set(path, await readFile(file, 'utf8'));
      }
    } else {
      const contents = await readIfExists(join(outDir, entry.owns));
      if (contents !== undefined) found.set(entry.owns, contents);
    }
  }
  return found;
}

/** The contents of `file`, or `undefined` when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** True when `error` is a Node system error with the given code. */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
