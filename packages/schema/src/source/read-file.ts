import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import type { CatalogIssue } from '../errors.js';
import { fileIssue } from './issue.js';
import { withoutByteOrderMark } from './parse.js';

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
  const bytes = await readFile(file);
  if (!isUtf8(bytes)) {
    const at = firstInvalidByte(bytes);
    const { line, column } = positionOf(bytes, at);
    return {
      ok: false,
      issue: {
        ...fileIssue(
          file,
          'not-utf8',
          `is not UTF-8 text: byte 0x${bytes[at]!.toString(16).padStart(2, '0')} cannot start or continue a character`,
          'Save the catalog as UTF-8 (YAML and JSON are UTF-8); a file written in Latin-1 or Windows-1252 shows this at its first accented letter.',
        ),
        line,
        column,
      },
    };
  }
  return { ok: true, text: bytes.toString('utf8') };
}

/** Catalog bytes as the parser reads them (so code frames line up with its positions). */
export function decodeCatalogText(bytes: Buffer): string {
  return withoutByteOrderMark(bytes.toString('utf8'));
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const trailing = trailingBytes(lead);
    if (trailing < 0) return i;
    // The second byte's range rules out overlong forms (E0, F0), surrogates (ED) and code points
    // past U+10FFFF (F4).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= trailing; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += trailing + 1;
  }
  return -1;
}

/** How many continuation bytes follow a lead byte; -1 for a byte that cannot lead. */
function trailingBytes(lead: number): number {
  if (lead < 0x80) return 0;
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

/** 1-based line and column (in characters, as the YAML parser counts them) of byte `offset`. */
function positionOf(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const prefix = bytes.subarray(lineStart, offset);
  const text = lineStart === 0 ? decodeCatalogText(prefix) : prefix.toString('utf8');
  return { line, column: text.length + 1 };
}

function fail(file: string, code: CatalogIssue['code'], message: string, hint: string): ReadResult {
  return { ok: false, issue: fileIssue(file, code, message, hint) };
}
