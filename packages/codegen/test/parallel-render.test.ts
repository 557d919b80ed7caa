import type { Catalog } from '@locksmith/schema';
import { describe, expect, it } from 'vitest';
import { renderCatalog } from '../src/render.js';
import { loadExample } from './helpers/catalogs.js';

/**
 * The worker threads only exist in the build, so these tests drive dist/ (build first), as the
 * bin does; the expected bytes come from the in-thread renderer in src/.
 */
const dist = async () => {
  // Specifiers in variables: typecheck runs before this package is built, so dist/ may not exist.
  const renderModule = '../dist/cli/parallel-render.js';
  const emittersModule = '../dist/emitters/index.js';
  const [{ startRenderer }, { EMITTERS }] = (await Promise.all([
    import(renderModule),
    import(emittersModule),
  ])) as [typeof import('../src/cli/parallel-render.js'), typeof import('../src/emitters/index.js')];
  return { startRenderer, EMITTERS };
};

describe('rendering with worker threads (dist)', () => {
  it('produces exactly the files of the single-threaded renderer', async () => {
    const { startRenderer, EMITTERS } = await dist();
    const catalog = await loadExample();
    const renderer = startRenderer(EMITTERS);
    try {
      expect(await renderer.render(catalog, EMITTERS)).toEqual(await renderCatalog(catalog));
    } finally {
      await renderer.dispose();
    }
  });

  it('rejects with the error an emitter throws inside its worker', async () => {
    const { startRenderer, EMITTERS } = await dist();
    const catalog = await loadExample();
    const [first, ...rest] = catalog.secrets;
    // A dangling $ref makes json-schema-to-typescript throw, in the worker.
    const broken: Catalog = {
      ...catalog,
      secrets: [{ ...first!, schema: { $ref: '#/definitions/missing' } }, ...rest],
    };
    const ts = EMITTERS.filter((e) => e.kind === 'ts');
    const renderer = startRenderer(ts);
    try {
      await expect(renderer.render(broken, ts)).rejects.toThrow(/missing/i);
    } finally {
      await renderer.dispose();
    }
  });

  it('stops unused workers on dispose (an invalid catalog never reaches them)', async () => {
    const { startRenderer, EMITTERS } = await dist();
    const renderer = startRenderer(EMITTERS);
    await expect(renderer.dispose()).resolves.toBeUndefined();
  });
});
