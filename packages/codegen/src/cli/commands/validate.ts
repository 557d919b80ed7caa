import { resolve } from 'node:path';
import type { DiskCache } from '@locksmith/schema/cache';
import type { VALIDATE } from '../declarations/validate.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadOrExit } from '../load.js';
import type { ParsedOptions } from '../spec.js';

/** `locksmith validate`: load and check the catalog, print a one-line summary. */
export async function validateCommand(
  options: ParsedOptions<typeof VALIDATE>,
  io: CliIo,
  cache?: DiskCache,
): Promise<number> {
  const file = options.catalog;
  const catalog = await loadOrExit(resolve(io.cwd, file), cache);
  io.stdout(
    `${file}: ok: ${catalog.secrets.length} secrets, ${catalog.services.length} services, ` +
      `${catalog.environments.length} environments (catalog sha256:${catalog.hash})\n`,
  );
  return EXIT.ok;
}
