import { type Catalog, compareStrings, type Secret, type Service } from '@locksmith/schema';
import type { AttributeChange, CatalogChanges } from './report.js';

/** Services and secrets added or removed, and secret attributes that hold in every environment. */
export function compareCatalogs(base: Catalog | undefined, head: Catalog): CatalogChanges {
  const oldServices = byName(base?.services ?? []);
  const newServices = byName(head.services);
  const oldSecrets = byName(base?.secrets ?? []);
  const newSecrets = byName(head.secrets);
  const removedServices = missingFrom(oldServices, newServices);
  const addedServices = missingFrom(newServices, oldServices);
  const changed: AttributeChange[] = [];
  for (const [name, after] of newSecrets) {
    const before = oldSecrets.get(name);
    if (before) changed.push(...attributeChanges(before, after));
  }
  return {
    services: {
      added: addedServices,
      removed: removedServices,
      renamed: renames(
        removedServices.map((n) => oldServices.get(n)!),
        addedServices.map((n) => newServices.get(n)!),
      ),
    },
    secrets: {
      added: missingFrom(newSecrets, oldSecrets),
      removed: missingFrom(oldSecrets, newSecrets),
      changed,
    },
  };
}

const ATTRIBUTES: ReadonlyArray<[AttributeChange['attribute'], (s: Secret) => string | undefined]> = [
  ['provider', (s) => s.provider],
  ['rotation.strategy', (s) => s.rotation.strategy],
  ['rotation.every', (s) => s.rotation.every?.text],
  ['rotation.overlap', (s) => s.rotation.overlap?.text],
  ['owner', (s) => s.owner],
];

function attributeChanges(before: Secret, after: Secret): AttributeChange[] {
  const out: AttributeChange[] = [];
  for (const [attribute, read] of ATTRIBUTES) {
    const was = read(before) ?? null;
    const is = read(after) ?? null;
    if (was !== is) out.push({ secret: after.name, attribute, before: was, after: is });
  }
  return out;
}

/**
 * A removed service and an added one that read the same secrets in the same environments look
 * like one service renamed; said so, because the grants of the new name are then no surprise.
 * Services that read nothing are never paired.
 */
function renames(
  removed: readonly Service[],
  added: readonly Service[],
): Array<{ from: string; to: string }> {
  const taken = new Set<string>();
  const pairs: Array<{ from: string; to: string }> = [];
  for (const old of removed) {
    if (old.reads.length === 0) continue;
    const twin = added.find(
      (s) => !taken.has(s.name) && sameList(s.reads, old.reads) && sameList(s.environments, old.environments),
    );
    if (!twin) continue;
    taken.add(twin.name);
    pairs.push({ from: old.name, to: twin.name });
  }
  return pairs;
}

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

function missingFrom(from: ReadonlyMap<string, unknown>, other: ReadonlyMap<string, unknown>): string[] {
  return [...from.keys()].filter((name) => !other.has(name)).sort(compareStrings);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
