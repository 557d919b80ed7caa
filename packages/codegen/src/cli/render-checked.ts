import { resolve } from 'node:path';
import { type Catalog, CatalogError, type LoadedCatalog } from '@locksmith/schema';
import type { DiskCache } from '@locksmith/schema/cache';
import type { EmitterEntry } from '../emitters/index.js';
import { typescriptFingerprint, useTypescriptMemo } from '../emitters/typescript/memo.js';
import type { GeneratedFile } from '../generated-file.js';
import { InternalError } from './errors.js';
import type { CliIo } from './io.js';
import { emitterRefusal, loadSourceOrExit } from './load.js';
import { catalogNeedsWorkers, startRenderer } from './parallel-render.js';
import type { StatusLine } from './progress.js';

/** A loaded catalog and everything the emitters made of it, in memory. */
export interface Rendered {
  readonly loaded: LoadedCatalog;
  readonly catalog: Catalog;
  readonly files: GeneratedFile[];
}

/** How one load-and-render is carried out; the bytes rendered are the same whatever is chosen. */
export interface RenderRun {
  /** Where work is kept between runs (the loader's and the TypeScript emitter's memos). */
  readonly cache?: DiskCache | undefined;
  /** Worker threads: decided by the catalog's size unless forced (watch mode never uses them). */
  readonly workers?: boolean | 'auto';
  /** Hears of each step (loading the toolchain and rendering take seconds on a busy machine). */
  readonly status?: StatusLine | undefined;
}

/**
 * Loads the catalog and runs the emitters in memory: what `gen` writes and what `validate`
 * checks, so the two can never disagree about a catalog. A problem an emitter finds in the
 * catalog is exit 2 with its location; any other failure is a bug (exit 70). `status` hears of
 * each step (loading the toolchain and rendering take seconds on a busy machine).
 */
export async function loadAndRender(
  catalogArg: string,
  io: CliIo,
  emitters: readonly EmitterEntry[],
  run: RenderRun = {},
): Promise<Rendered> {
  const { cache, status } = run;
  const catalogFile = resolve(io.cwd, catalogArg);
  useTypescriptMemo(cache?.store('typescript', typescriptFingerprint()));
  const renderer = startRenderer(emitters, {
    workers:
      run.workers === undefined || run.workers === 'auto'
        ? await catalogNeedsWorkers(catalogFile)
        : run.workers,
    cacheDirectory: cache?.directory,
  });
  try {
    status?.step(`loading ${catalogArg}`);
    const loaded = await loadSourceOrExit(io.cwd, catalogArg, cache);
    try {
      let done = 0;
      status?.step(`rendering ${emitters.map((e) => e.kind).join(', ')}`);
      const files = await renderer.render(loaded.catalog, emitters, (kind) => {
        done += 1;
        status?.step(`rendering: ${kind} done (${done}/${emitters.length})`);
      });
      return { loaded, catalog: loaded.catalog, files };
    } catch (error) {
      // An emitter may refuse a catalog the loader accepted (a pattern Go's RE2 cannot express):
      // that is the user's to fix, not a bug.
      if (error instanceof CatalogError) throw emitterRefusal(error, loaded, io.cwd);
      const reason = error instanceof Error ? error.message : String(error);
      throw new InternalError(`rendering failed: ${reason}`, { cause: error });
    }
  } finally {
    await renderer.dispose();
  }
}
