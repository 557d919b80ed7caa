import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMITTERS } from '../src/emitters/index.js';
import type { GeneratedFile } from '../src/generated-file.js';
import { loadExample } from './helpers/catalogs.js';

/**
 * Golden files: the example catalog's output, reviewed in git. A change to any emitter shows up
 * as a diff here; refresh deliberately with `UPDATE_GOLDEN=1 pnpm --filter @locksmith/codegen test`.
 */
const GOLDEN_DIR = fileURLToPath(new URL('./golden/generated/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

describe.each(EMITTERS.map((e) => [e.kind, e] as const))('golden output of the %s emitter', (kind, entry) => {
  let files: readonly GeneratedFile[];
  beforeAll(async () => {
    files = await entry.emit(await loadExample());
    if (update) await rewriteGolden(entry.owns, files);
  });

  it('produces files for the example (every emitter the example exercises)', () => {
    // Accessors in other languages only appear for services that ask for them.
    if (kind !== 'go' && kind !== 'python' && kind !== 'rust') expect(files.length).toBeGreaterThan(0);
  });

  it('matches every golden file byte for byte', async () => {
    for (const file of files) {
      const golden = await readFile(join(GOLDEN_DIR, file.path), 'utf8').catch(() => undefined);
      expect(golden, `golden/${file.path} is missing: run with UPDATE_GOLDEN=1`).toBeDefined();
      expect(file.contents, `${kind}: ${file.path}`).toBe(golden);
    }
  });

  it('has no golden file the emitter no longer produces', async () => {
    const produced = new Set(files.map((f) => f.path));
    const golden = await goldenPaths(entry.owns);
    expect(golden.filter((p) => !produced.has(p))).toEqual([]);
  });
});

async function goldenPaths(owns: string): Promise<string[]> {
  if (!owns.endsWith('/')) {
    const exists = await readFile(join(GOLDEN_DIR, owns)).then(
      () => true,
      () => false,
    );
    return exists ? [owns] : [];
  }
  const entries = await readdir(join(GOLDEN_DIR, owns), { recursive: true, withFileTypes: true }).catch(
    () => [],
  );
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(GOLDEN_DIR, join(e.parentPath, e.name)).split(sep).join('/'));
}

async function rewriteGolden(owns: string, files: readonly GeneratedFile[]): Promise<void> {
  await rm(join(GOLDEN_DIR, owns), { recursive: true, force: true });
  for (const file of files) {
    const target = join(GOLDEN_DIR, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
}
