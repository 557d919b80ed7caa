import type { Catalog } from '@locksmith/schema';
import { type PlacedSecret, placementsIn } from '@locksmith/schema';
import { usageError } from './errors.js';

/**
 * The placements of `environment`, or a usage error naming the environments the catalog has.
 * With `storeOnly`, an environment whose services read a local `.env` (`source: env`) is refused
 * too: nothing is expected in any store there, so every secret would look missing.
 */
export function placementsOrExit(
  catalog: Catalog,
  environment: string,
  command: string,
  options: { readonly storeOnly?: boolean } = {},
): PlacedSecret[] {
  const env = catalog.environments.find((e) => e.name === environment);
  if (!env) {
    const known = catalog.environments.map((e) => e.name).join(', ');
    throw usageError(`${command}: unknown environment "${environment}" (catalog has: ${known}).`);
  }
  if (options.storeOnly && env.source === 'env') {
    throw usageError(
      `${command}: services in "${environment}" read a local .env (source: env); there is no store to check.`,
    );
  }
  return placementsIn(catalog, environment);
}
