import { randomBytes } from 'node:crypto';
import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OperationContext } from '../context.js';
import type { ImportOptions } from '../options.js';
import { collect, read } from './collect.js';
import { readExisting } from './existing.js';
import { extendCatalog } from './extend.js';

/** What `import --into` added to the catalog (names and counts only), and whether it changed the file. */
export interface IntoResult {
  readonly file: string;
  readonly changed: boolean;
  readonly secrets: readonly string[];
  readonly services: readonly string[];
  readonly environments: readonly string[];
  readonly providers: readonly string[];
  readonly known: number;
  readonly guesses: number;
}

/**
 * `import --into FILE`: adds what the source found and the catalog lacks, and says what was
 * added (on stdout, unless `--json` asks for the result instead). The file is replaced
 * atomically, and not written at all when nothing is new.
 */
export async function importInto(
  options: ImportOptions,
  ctx: OperationContext,
  file: string,
): Promise<IntoResult> {
  const existing = readExisting(file, await read(file));
  const found = await collect(options, ctx, existing);
  const extension = extendCatalog(existing, found, options.from);
  const changed = extension.text !== existing.text;
  const result: IntoResult = {
    file,
    changed,
    secrets: extension.secrets,
    services: extension.services,
    environments: extension.environments,
    providers: extension.providers,
    known: extension.known,
    guesses: extension.guesses,
  };
  // Through a symlink to the file it names, so the link stays a link.
  if (changed) await replaceAtomically(await realpath(file), extension.text);
  if (!options.json) ctx.io.stdout(describeInto(result));
  return result;
}

function describeInto(extension: IntoResult): string {
  const file = extension.file;
  const known = `${extension.known} found secret(s) already catalogued`;
  if (!extension.changed) return `import: nothing new for ${file} (${known}); left it unchanged.\n`;
  const list = (names: readonly string[]) => (names.length > 0 ? ` (${names.join(', ')})` : '');
  return (
    `import: extended ${file}: added ${extension.secrets.length} secrets${list(extension.secrets)}, ` +
    `${extension.services.length} services${list(extension.services)}, ` +
    `${extension.environments.length} environments${list(extension.environments)}` +
    `${extension.providers.length > 0 ? `, providers ${extension.providers.join(', ')}` : ''}; ` +
    `${known}; ${extension.guesses} guess(es) marked "# guessed:"\n`
  );
}

/**
 * Writes a temporary file next to `file` and renames it over it, so that a reader (or a crash)
 * sees the old catalog or the new one, never half of one. Keeps the file's permission bits.
 */
async function replaceAtomically(file: string, text: string): Promise<void> {
  const { mode } = await stat(file);
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: mode & 0o777, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
