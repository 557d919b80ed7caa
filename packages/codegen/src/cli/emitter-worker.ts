import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '@locksmith/schema';
import { diskCacheAt } from '@locksmith/schema/cache';
import { EMITTERS } from '../emitters/index.js';
import type { EmitterKind } from '../emitters/kinds.js';
import { typescriptFingerprint, useTypescriptMemo } from '../emitters/typescript/index.js';

// Runs one emitter off the main thread (see parallel-render.ts). It starts before the catalog is
// loaded, so warming the emitter's modules here overlaps with parsing the catalog there. Errors
// propagate to the parent as the worker's `error` event.
const { kind, cacheDirectory } = workerData as { kind: EmitterKind; cacheDirectory?: string };
const entry = EMITTERS.find((e) => e.kind === kind);
if (!entry) throw new Error(`no emitter of kind "${kind}"`);
const cache = cacheDirectory === undefined ? undefined : diskCacheAt(cacheDirectory);
if (kind === 'ts') {
  if (cache) useTypescriptMemo(cache.store('typescript', typescriptFingerprint()));
  // Without a memo the toolchain is certainly needed: load it now, while we wait.
  else
    await Promise.all([
      import('../emitters/typescript/skeleton.js'),
      import('../emitters/typescript/value-types.js'),
    ]);
}
parentPort?.once('message', async (catalog: Catalog) => {
  const files = await entry.emit(catalog);
  cache?.flush();
  parentPort?.postMessage(files);
});
