import { EMITTERS } from '../../emitters/index.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import type { OptionValues } from '../parse.js';
import { loadAndRender } from '../render-checked.js';

/**
 * `locksmith validate`: load and check the catalog, then render every artifact in memory (writing
 * nothing), so a catalog validate accepts is one `gen` accepts; print a one-line summary.
 */
export async function validateCommand(values: OptionValues, io: CliIo): Promise<number> {
  const file = String(values.catalog);
  const { catalog } = await loadAndRender(file, io, EMITTERS);
  io.stdout(
    `${file}: ok: ${catalog.secrets.length} secrets, ${catalog.services.length} services, ` +
      `${catalog.environments.length} environments (catalog sha256:${catalog.hash})\n`,
  );
  return EXIT.ok;
}
