import { type Catalog, compareStrings, type Placement } from '@locksmith/schema';
import type { Location, PlacementChange } from './report.js';

/**
 * Secrets added to, removed from or moved within one environment, where the environment gets
 * infrastructure (a `source: env` environment reads a local .env and has no store locations).
 * Sorted by secret.
 */
export function comparePlacements(
  base: Catalog | undefined,
  head: Catalog,
  environment: string,
): PlacementChange[] {
  const before = placementsOf(base, environment);
  const after = placementsOf(head, environment);
  const changes: PlacementChange[] = [];
  for (const secret of [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings)) {
    const was = before.get(secret);
    const is = after.get(secret);
    if (was && is && sameLocation(location(was), location(is))) continue;
    const change = was === undefined ? 'added' : is === undefined ? 'removed' : 'moved';
    changes.push({
      change,
      secret,
      before: was ? location(was) : null,
      after: is ? location(is) : null,
      readers: { before: was?.readers ?? [], after: is?.readers ?? [] },
      note: was && is ? moveNote(environment, was, is) : null,
    });
  }
  return changes;
}

/** `aws:shop/prod/db` or `vault:secret/shop/prod/db`: a location as one token. */
export function describeLocation(where: Location): string {
  return where.provider === 'aws' ? `aws:${where.path}` : `vault:${where.mount ?? ''}/${where.path}`;
}

function placementsOf(catalog: Catalog | undefined, environment: string): Map<string, Placement> {
  const env = catalog?.environments.find((e) => e.name === environment);
  const found = new Map<string, Placement>();
  if (!catalog || !env || env.source === 'env') return found;
  for (const secret of catalog.secrets) {
    const placement = secret.placements.find((p) => p.environment === environment);
    if (placement) found.set(secret.name, placement);
  }
  return found;
}

function location(placement: Placement): Location {
  return {
    provider: placement.provider,
    path: placement.path,
    mount: placement.provider === 'vault' ? (placement.mount ?? null) : null,
  };
}

function sameLocation(a: Location, b: Location): boolean {
  return a.provider === b.provider && a.path === b.path && a.mount === b.mount;
}

/** `gen` moves no value: a move is a copy of the value plus a switch of every reader to the new place. */
function moveNote(environment: string, was: Placement, is: Placement): string {
  const from = describeLocation(location(was));
  const to = describeLocation(location(is));
  const copy =
    was.provider === is.provider
      ? `copy the value from ${from} to ${to}`
      : `copy the value from ${from} to ${to} (locksmith copy --from ${was.provider} --to ${is.provider} --env ${environment})`;
  const readers = is.readers.length > 0 ? is.readers.join(', ') : 'no service';
  return (
    `A move is a copy plus a reader switch: ${copy} before the new policies apply, then ${readers} ` +
    `switch to reading ${to}; delete ${from} once nothing reads it.`
  );
}
