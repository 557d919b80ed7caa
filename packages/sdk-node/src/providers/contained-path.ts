import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

/** True when `path` is `root` or below it (both absolute, already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  // `..data` and `..2026_…` are children; only `..` itself or `../…` climb out.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of `path` (every symlink followed) when it stays inside `realRoot`; `undefined`
 * when it escapes. Errors of `realpath` (missing file, permissions) are thrown as they are.
 */
export async function containedRealPath(realRoot: string, path: string): Promise<string | undefined> {
  const real = await realpath(path);
  return isInside(realRoot, real) ? real : undefined;
}
