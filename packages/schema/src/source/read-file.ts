import { readFile, stat } from 'node:fs/promises';
import type { CatalogIssue } from '../errors.js';
import { fileIssue } from './issue.js';

/** Larger catalogs are almost certainly the wrong file; reading them would only waste memory. */
export const MAX_CATALOG_BYTES = 10 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; issue: CatalogIssue };

/** Reads a catalog file, turning every way it can be unreadable into one issue a person can act on. */
export async function readCatalogFile(file: string): Promise<ReadResult> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      return fail(file, 'not-a-file', `is not a file`, 'Pass the path of a .yaml or .json catalog file.');
    }
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return fail(file, 'file-not-found', 'no such file', 'Check the path, or pass --catalog FILE.');
    }
    return fail(file, 'not-a-file', `cannot be read (${code ?? 'unknown error'})`, 'Check its permissions.');
  }
  if (size > MAX_CATALOG_BYTES) {
    const mib = (size / 1024 / 1024).toFixed(1);
    return fail(
      file,
      'file-too-large',
      `is ${mib} MiB; a catalog may be at most ${MAX_CATALOG_BYTES / 1024 / 1024} MiB`,
      'Is this the right file? Split very large catalogs by project.',
    );
  }
  const text = await readFile(file, 'utf8');
  return { ok: true, text };
}

function fail(file: string, code: CatalogIssue['code'], message: string, hint: string): ReadResult {
  return { ok: false, issue: fileIssue(file, code, message, hint) };
}
