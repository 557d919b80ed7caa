import type { DiskCache } from '@locksmith/schema/cache';
import type { EmitterEntry } from '../../emitters/index.js';
import type { VALIDATE } from '../declarations/validate.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadAndRender } from '../render-checked.js';
import type { ParsedOptions } from '../spec.js';

/**
 * `locksmith validate`: load and check the catalog, then render every artifact in memory (writing
 * nothing), so a catalog validate accepts is one `gen` accepts; print a one-line summary. With a
 * `cache`, it renders through the same memos as `gen` (a warm run loads no TypeScript toolchain).
 */
export async function validateCommand(
  options: ParsedOptions<typeof VALIDATE>,
  io: CliIo,
  registry: readonly EmitterEntry[],
  cache?: DiskCache,
): Promise<number> {
  const file = options.catalog;
  const { catalog } = await loadAndRender(file, io, registry, { cache });
  io.stdout(
    `${file}: ok: ${catalog.secrets.length} secrets, ${catalog.services.length} services, ` +
      `${catalog.environments.length} environments (catalog sha256:${catalog.hash})\n`,
  );
  return EXIT.ok;
}
