import type { Catalog, ProviderName } from '@locksmith/schema';
import { compareStrings } from '@locksmith/schema';

/** A service reading a secret; `unused` when a usage scan says the service never touches it. */
export interface ReadEdge {
  readonly service: string;
  readonly secret: string;
  readonly unused: boolean;
}

/** Services ↔ secrets ↔ stores, with what deserves attention marked. */
export interface CatalogGraph {
  readonly services: readonly { readonly name: string; readonly readsNothing: boolean }[];
  readonly secrets: readonly { readonly name: string; readonly unread: boolean }[];
  readonly stores: readonly ProviderName[];
  readonly reads: readonly ReadEdge[];
  readonly placements: readonly { readonly secret: string; readonly store: ProviderName }[];
  /** Usage the scan found that the catalog does not declare (the service would be denied). */
  readonly undeclared: readonly { readonly service: string; readonly secret: string }[];
}

/** Secrets each service actually uses, e.g. from a scan of its generated accessor calls. */
export type Usage = Readonly<Record<string, readonly string[]>>;

/** Builds the graph; with `usage`, reads a service never makes are marked unused. */
export function buildGraph(catalog: Catalog, usage?: Usage): CatalogGraph {
  const reads: ReadEdge[] = [];
  for (const service of catalog.services) {
    const used = usage?.[service.name];
    for (const secret of service.reads) {
      reads.push({
        service: service.name,
        secret,
        unused: usage !== undefined && !(used ?? []).includes(secret),
      });
    }
  }
  const undeclared: { service: string; secret: string }[] = [];
  for (const [service, secrets] of Object.entries(usage ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
    const declared = catalog.services.find((s) => s.name === service)?.reads ?? [];
    for (const secret of [...secrets].sort(compareStrings)) {
      if (!declared.includes(secret)) undeclared.push({ service, secret });
    }
  }
  const placements = catalog.secrets.flatMap((secret) =>
    [...new Set(secret.placements.map((p) => p.provider))]
      .sort()
      .map((store) => ({ secret: secret.name, store })),
  );
  return {
    services: catalog.services.map((s) => ({ name: s.name, readsNothing: s.reads.length === 0 })),
    secrets: catalog.secrets.map((s) => ({ name: s.name, unread: s.readers.length === 0 })),
    stores: [...new Set(placements.map((p) => p.store))].sort(),
    reads,
    placements,
    undeclared,
  };
}
