import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { EXIT, ExitError } from './errors.js';

/** Marks the temporary files gen writes before renaming them into place. */
export const TEMP_SUFFIX = '.locksmith-tmp';

/** Everything in the output directory, found without following a single symbolic link. */
export interface OutputTree {
  /** Regular files by posix path relative to the output directory. */
  readonly files: ReadonlyMap<string, string>;
  /** Symbolic links, and anything else that is neither a file nor a directory (sockets, FIFOs). */
  readonly notFiles: ReadonlySet<string>;
}

/**
 * Reads the whole output directory (gen owns all of it). Symbolic links are listed, never
 * followed, so a link to a file elsewhere can neither pass the check nor be written through. The
 * directory itself must not be a link either. A missing directory is empty; a half-written temp
 * file from a crashed run is ignored. Synchronous: many small reads, each of which would otherwise
 * wait for a round trip through the thread pool.
 */
export function scanOutput(outDir: string): OutputTree {
  const files = new Map<string, string>();
  const notFiles = new Set<string>();
  const top = lstatOrUndefined(outDir);
  if (top === undefined) return { files, notFiles };
  if (top.isSymbolicLink()) {
    throw new ExitError(
      EXIT.usage,
      `locksmith gen: ${outDir} is a symbolic link; refusing to follow it. Pass the real directory with --out.`,
    );
  }
  if (!top.isDirectory()) throw new ExitError(EXIT.usage, `locksmith gen: ${outDir} is not a directory.`);
  const stack = [outDir];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const path = relative(outDir, full).split(sep).join(posix.sep);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        if (!path.endsWith(TEMP_SUFFIX)) files.set(path, readFileSync(full, 'utf8'));
      } else notFiles.add(path);
    }
  }
  return { files, notFiles };
}

/** `lstat`, or `undefined` when nothing is there. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}

/** True when `error` is a Node system error with the given code. */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
