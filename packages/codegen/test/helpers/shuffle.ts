import type { Catalog } from '@locksmith/schema';

/** A deterministic permutation source (mulberry32), so a failing order can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * The same catalog with every set-like list (services, secrets, reads, readers) in another
 * order. Lists whose order means something (environments, fields) keep theirs.
 */
export function shuffleCatalog(catalog: Catalog, random: () => number): Catalog {
  return {
    ...catalog,
    services: shuffled(catalog.services, random).map((s) => ({ ...s, reads: shuffled(s.reads, random) })),
    secrets: shuffled(catalog.secrets, random).map((s) => ({
      ...s,
      readers: shuffled(s.readers, random),
      placements: s.placements.map((p) => ({ ...p, readers: shuffled(p.readers, random) })),
    })),
  };
}
