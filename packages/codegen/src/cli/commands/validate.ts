import type { VALIDATE } from '../declarations/validate.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadOrExit } from '../load.js';
import type { ParsedOptions } from '../spec.js';

/** `locksmith validate`: load and check the catalog, print a one-line summary (or JSON with `--json`). */
export async function validateCommand(options: ParsedOptions<typeof VALIDATE>, io: CliIo): Promise<number> {
  const file = options.catalog;
  const catalog = await loadOrExit(io.cwd, file);
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
