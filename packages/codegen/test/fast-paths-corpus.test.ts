import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Catalog, CatalogError, parseCatalog } from '@locksmith/schema';
import { diskCacheAt, memoryStore } from '@locksmith/schema/cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { YAML_OPTIONS } from '../src/emitters/kubernetes/manifest.js';
import { plainYaml } from '../src/emitters/kubernetes/plain-yaml.js';
import { useTypescriptMemo } from '../src/emitters/typescript/memo.js';
import type { GeneratedFile } from '../src/generated-file.js';
import { renderCatalog } from '../src/render.js';
import { tempDir } from './helpers/cli.js';

/**
 * #19's fast paths against #13's adversarial corpus: the js-yaml reader, the compile-outcome and
 * TypeScript memos and the plain-YAML writer must give the very bytes (or the very errors) of
 * the slow paths, on the catalogs written to break generators.
 */
const CORPUS = fileURLToPath(new URL('./fixtures/adversarial/', import.meta.url));
const cases = (await readdir(CORPUS)).filter((f) => f.endsWith('.yaml')).sort();

/**
 * The same catalog, left to the full YAML parser: a trailing comment holding `*` is one of the
 * things the fast reader declines (an alias might start there), and it moves no line or column.
 */
function forFullParser(text: string): string {
  return `${text}${text.endsWith('\n') ? '' : '\n'}# *full-parser\n`;
}

function fileNameOf(text: string): string {
  const named = /^# filename: (.+)$/m.exec(text);
  return named ? (JSON.parse(named[1]!) as string) : 'secrets.catalog.yaml';
}

/** The loaded catalog, or the issues that refused it. */
function loadOutcome(text: string, file: string, options?: Parameters<typeof parseCatalog>[2]) {
  try {
    return { catalog: parseCatalog(text, file, options) };
  } catch (error) {
    if (error instanceof CatalogError) return { issues: error.issues };
    throw error;
  }
}

/**
 * Every file, rendered with a TypeScript memo of its own (empty: every type compiled and printed),
 * or the issues of an emitter that refused the catalog (a pattern Go cannot express).
 */
async function renderWith(
  catalog: Catalog,
  memo = memoryStore(),
): Promise<{ files: GeneratedFile[] } | { issues: CatalogError['issues'] }> {
  useTypescriptMemo(memo);
  try {
    return { files: await renderCatalog(catalog) };
  } catch (error) {
    if (error instanceof CatalogError) return { issues: error.issues };
    throw error;
  } finally {
    useTypescriptMemo(undefined);
  }
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

describe.each(cases)('fast paths on adversarial catalog %s', (name) => {
  it('read, check and render exactly as the slow paths do', async () => {
    const text = await readFile(join(CORPUS, name), 'utf8');
    const file = fileNameOf(text);
    const fast = loadOutcome(text, file);
    const full = loadOutcome(forFullParser(text), file);
    // Same data, same rules, same located errors (or the same frozen catalog, hash included).
    expect(fast).toEqual(full);

    // Compile outcomes kept on disk: a cold and a warm cache load the same.
    const cache = diskCacheAt(join(dir, name));
    const cold = loadOutcome(text, file, { cache });
    cache.flush();
    const warm = loadOutcome(text, file, { cache: diskCacheAt(join(dir, name)) });
    expect(cold).toEqual(fast);
    expect(warm).toEqual(fast);

    if (!fast.catalog) return;
    const memo = memoryStore();
    const compiled = await renderWith(fast.catalog, memo);
    // Warm: every value type and skeleton comes from the memo, nothing is compiled or printed.
    expect(await renderWith(fast.catalog, memo)).toEqual(compiled);
    expect(await renderWith(full.catalog!)).toEqual(compiled);

    if (!('files' in compiled)) return;
    // Every manifest the fast writer took is what the yaml library writes.
    let documents = 0;
    for (const generated of compiled.files.filter((f) => f.path.startsWith('kubernetes/'))) {
      for (const doc of parseAllDocuments(generated.contents)) {
        const data = doc.toJS() as unknown;
        expect(plainYaml(data) ?? stringify(data, YAML_OPTIONS), generated.path).toBe(
          stringify(data, YAML_OPTIONS),
        );
        documents++;
      }
    }
    expect(documents).toBeGreaterThan(0);
  }, 120_000);
});
