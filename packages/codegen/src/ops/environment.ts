import type { Catalog } from '@locksmith/schema';
import { type PlacedSecret, placementsIn } from '../catalog-queries.js';
import { EXIT, ExitError } from '../cli/errors.js';

/** The placements of `environment`, or a usage error naming the environments the catalog has. */
export function placementsOrExit(catalog: Catalog, environment: string, command: string): PlacedSecret[] {
  if (!catalog.environments.some((e) => e.name === environment)) {
    const known = catalog.environments.map((e) => e.name).join(', ');
    throw new ExitError(
      EXIT.usage,
      `${command}: unknown environment "${environment}" (catalog has: ${known}).`,
    );
  }
  return placementsIn(catalog, environment);
}
