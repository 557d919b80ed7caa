import { randomBytes } from 'node:crypto';
import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OperationContext } from '../context.js';
import type { ImportOptions } from '../options.js';
import { collect, read } from './collect.js';
import { readExisting } from './existing.js';
import { extendCatalog } from './extend.js';

/**
 * `import --into FILE`: adds what the source found and the catalog lacks, and prints what was
 * added. The file is replaced atomically, and not written at all when nothing is new.
 */
export async function importInto(options: ImportOptions, ctx: OperationContext, file: string): Promise<void> {
  const existing = readExisting(file, await read(file));
  const found = await collect(options, ctx, existing);
  const extension = extendCatalog(existing, found, options.from);
  const known = `${extension.known} found secret(s) already catalogued`;
  if (extension.text === existing.text) {
    ctx.io.stdout(`import: nothing new for ${file} (${known}); left it unchanged.\n`);
    return;
  }
  // Through a symlink to the file it names, so the link stays a link.
  await replaceAtomically(await realpath(file), extension.text);
  const list = (names: readonly string[]) => (names.length > 0 ? ` (${names.join(', ')})` : '');
  ctx.io.stdout(
    `import: extended ${file}: added ${extension.secrets.length} secrets${list(extension.secrets)}, ` +
      `${extension.services.length} services${list(extension.services)}, ` +
      `${extension.environments.length} environments${list(extension.environments)}` +
      `${extension.providers.length > 0 ? `, providers ${extension.providers.join(', ')}` : ''}; ` +
      `${known}; ${extension.guesses} guess(es) marked "# guessed:"\n`,
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
