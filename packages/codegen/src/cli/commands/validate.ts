import { resolve } from 'node:path';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadOrExit } from '../load.js';
import type { OptionValues } from '../parse.js';

/** `locksmith validate`: load and check the catalog, print a one-line summary. */
export async function validateCommand(values: OptionValues, io: CliIo): Promise<number> {
  const file = String(values.catalog);
  const catalog = await loadOrExit(resolve(io.cwd, file));
  io.stdout(
    `${file}: ok: ${catalog.secrets.length} secrets, ${catalog.services.length} services, ` +
      `${catalog.environments.length} environments (catalog sha256:${catalog.hash})\n`,
  );
  return EXIT.ok;
}
