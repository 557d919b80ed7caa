import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '@locksmith/schema';
import { EMITTERS } from '../emitters/index.js';
import type { EmitterKind } from '../emitters/kinds.js';

// Runs one emitter off the main thread (see parallel-render.ts). It starts before the catalog is
// loaded, so warming the emitter's modules here overlaps with parsing the catalog there. Errors
// propagate to the parent as the worker's `error` event.
const { kind } = workerData as { kind: EmitterKind };
const entry = EMITTERS.find((e) => e.kind === kind);
if (!entry) throw new Error(`no emitter of kind "${kind}"`);
if (kind === 'ts') {
  // The TypeScript emitter loads its toolchain on first use; load it now, while we wait.
  await Promise.all([
    import('../emitters/typescript/module.js'),
    import('../emitters/typescript/value-types.js'),
  ]);
}
parentPort?.once('message', async (catalog: Catalog) => {
  parentPort?.postMessage(await entry.emit(catalog));
});
