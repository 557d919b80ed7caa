import { createHash } from 'node:crypto';
import type { Catalog } from '@locksmith/schema';
import { compareStrings, type GeneratedFile } from './generated-file.js';
import { headerComment, headerText } from './header.js';
import { jsonFile } from './text.js';

/**
 * The output directory is owned whole. `gen` records every file it wrote, with its hash, in this
 * file at the top of the directory; `gen --check` fails on any file that is neither recorded nor
 * produced now. The manifest is itself a generated file, so editing it is drift too.
 */
export const MANIFEST_PATH = '.locksmith-manifest.json';
/** Keeps every generated file LF on checkout, whatever `core.autocrlf` says. */
export const GITATTRIBUTES_PATH = '.gitattributes';

/** `.gitattributes` for the output directory: text with LF line endings, marked as generated. */
export function gitattributesFile(catalog: Catalog): GeneratedFile {
  return {
    path: GITATTRIBUTES_PATH,
    contents: `${headerComment(catalog, 'hash')}* text eol=lf linguist-generated=true\n`,
  };
}

/** The manifest recording `files` (path → sha256 of the contents), sorted by path. */
export function manifestFile(
  catalog: Catalog,
  files: readonly GeneratedFile[],
  carried: ReadonlyMap<string, string> = new Map(),
): GeneratedFile {
  const entries = new Map(carried);
  for (const file of files) entries.set(file.path, `sha256:${sha256(file.contents)}`);
  const sorted = [...entries].sort(([a], [b]) => compareStrings(a, b));
  return {
    path: MANIFEST_PATH,
    contents: jsonFile({ '//': headerText(catalog), files: Object.fromEntries(sorted) }),
  };
}

/** The entries of a manifest on disk, or `undefined` when there is none or it cannot be read. */
export function readManifest(contents: string | undefined): Map<string, string> | undefined {
  if (contents === undefined) return undefined;
  try {
    const parsed = JSON.parse(contents) as { files?: unknown };
    if (!parsed.files || typeof parsed.files !== 'object' || Array.isArray(parsed.files)) return new Map();
    return new Map(
      Object.entries(parsed.files as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  } catch {
    return new Map();
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
