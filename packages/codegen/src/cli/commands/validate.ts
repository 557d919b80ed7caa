import type { DiskCache } from '@locksmith/schema/cache';
import type { EmitterEntry } from '../../emitters/index.js';
import type { VALIDATE } from '../declarations/validate.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import { statusLine } from '../progress.js';
import { loadAndRender } from '../render-checked.js';
import type { ParsedOptions } from '../spec.js';

/**
 * `locksmith validate`: load and check the catalog, then render every artifact in memory (writing
 * nothing), so a catalog validate accepts is one `gen` accepts; print a one-line summary (or JSON
 * with `--json`). With a `cache`, it renders through the same memos as `gen` (a warm run loads no
 * TypeScript toolchain).
 */
export async function validateCommand(
  options: ParsedOptions<typeof VALIDATE>,
  io: CliIo,
  registry: readonly EmitterEntry[],
  cache?: DiskCache,
  interactive = false,
): Promise<number> {
  const file = options.catalog;
  // Rendering loads the TypeScript toolchain (seconds on a busy machine): say so on a terminal.
  const status = statusLine(interactive && !options.json, io.stderr);
  let catalog: Awaited<ReturnType<typeof loadAndRender>>['catalog'];
  try {
    ({ catalog } = await loadAndRender(file, io, registry, { cache, status }));
  } finally {
    status.done();
  }
  if (options.json) {
    const summary = {
      ok: true,
      catalog: file,
      hash: catalog.hash,
      secrets: catalog.secrets.length,
      services: catalog.services.length,
      environments: catalog.environments.length,
    };
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout(
    `${file}: ok: ${catalog.secrets.length} secrets, ${catalog.services.length} services, ` +
      `${catalog.environments.length} environments (catalog sha256:${catalog.hash})\n`,
  );
  return EXIT.ok;
}
