import type { Catalog } from '@locksmith/schema';
import { EMITTER_KINDS, EMITTERS, type EmitterEntry, type EmitterKind, ownsPath } from './emitters/index.js';
import { type GeneratedFile, sortFiles } from './generated-file.js';

/** Runs the emitters of the given kinds (all by default); see {@link renderEntries}. */
export async function renderCatalog(
  catalog: Catalog,
  kinds: readonly EmitterKind[] = EMITTER_KINDS,
): Promise<GeneratedFile[]> {
  return renderEntries(
    catalog,
    EMITTERS.filter((e) => kinds.includes(e.kind)),
  );
}

/**
 * Runs emitters (through `run`, which may run one elsewhere) and returns every file, sorted by
 * path. Fails if an emitter writes outside the tree it owns, climbs out with `..`, or two
 * emitters produce the same path: all bugs that would otherwise let stale-file removal delete
 * something it should not.
 */
export async function renderEntries(
  catalog: Catalog,
  entries: readonly EmitterEntry[],
  run: (entry: EmitterEntry) => Promise<readonly GeneratedFile[]> = async (entry) => entry.emit(catalog),
): Promise<GeneratedFile[]> {
  // Every emitter is started before any result is awaited, so a runner may overlap them.
  const outputs = await Promise.all(entries.map(run));
  const all: GeneratedFile[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    for (const file of outputs[i]!) {
      const segments = file.path.split('/');
      const unsafe =
        file.path.startsWith('/') ||
        /[\\\0]/.test(file.path) ||
        segments.some((s) => s === '' || s === '.' || s === '..');
      if (!ownsPath(entry, file.path) || unsafe) {
        throw new Error(`emitter "${entry.kind}" wrote ${file.path}, outside ${entry.owns}`);
      }
      if (seen.has(file.path)) throw new Error(`two files generated at ${file.path}`);
      if (!file.contents.endsWith('\n') || file.contents.includes('\r')) {
        throw new Error(`emitter "${entry.kind}" produced ${file.path} without LF line endings`);
      }
      seen.add(file.path);
      all.push(file);
    }
  }
  return sortFiles(all);
}
