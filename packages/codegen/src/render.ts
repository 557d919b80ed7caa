import type { Catalog } from '@locksmith/schema';
import { EMITTERS, type EmitterEntry, type EmitterKind, ownsPath } from './emitters/index.js';
import { type GeneratedFile, sortFiles } from './generated-file.js';

/**
 * Runs the selected emitters (all by default) and returns every file, sorted by path. Fails if
 * an emitter writes outside the tree it owns or two emitters produce the same path: both are bugs
 * that would otherwise make removal of stale files delete something it should not.
 */
export async function renderCatalog(
  catalog: Catalog,
  kinds: readonly EmitterKind[] = EMITTERS.map((e) => e.kind),
): Promise<GeneratedFile[]> {
  const selected = selectEmitters(kinds);
  const outputs = await Promise.all(
    selected.map(async (entry) => ({ entry, files: await entry.emit(catalog) })),
  );
  const seen = new Set<string>();
  const all: GeneratedFile[] = [];
  for (const { entry, files } of outputs) {
    for (const file of files) {
      if (!ownsPath(entry, file.path)) {
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

/** The registry entries for the given kinds, in registry order. */
export function selectEmitters(kinds: readonly EmitterKind[]): EmitterEntry[] {
  return EMITTERS.filter((e) => kinds.includes(e.kind));
}
