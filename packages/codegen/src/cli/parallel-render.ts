import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '@locksmith/schema';
import type { EmitterEntry } from '../emitters/index.js';
import { emitTypescript } from '../emitters/typescript/index.js';
import type { GeneratedFile } from '../generated-file.js';
import { renderEntries } from '../render.js';

const WORKER = new URL('./typescript-worker.js', import.meta.url);

/**
 * Renders like {@link renderEntries}, but runs the TypeScript emitter (which spends most of its
 * time loading and running the TypeScript toolchain) in a worker thread while the main thread
 * runs the others: on a two-core CI runner that takes its cost off the critical path. The output
 * is the same bytes either way. Runs in-thread when the compiled worker is absent (from sources).
 */
export function renderInParallel(
  catalog: Catalog,
  entries: readonly EmitterEntry[],
): Promise<GeneratedFile[]> {
  const workerPath = fileURLToPath(WORKER);
  if (!existsSync(workerPath)) return renderEntries(catalog, entries);
  return renderEntries(catalog, entries, (entry) =>
    entry.emit === emitTypescript ? emitInWorker(catalog) : Promise.resolve(entry.emit(catalog)),
  );
}

function emitInWorker(catalog: Catalog): Promise<readonly GeneratedFile[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { catalog } });
    let result: readonly GeneratedFile[] | undefined;
    worker.once('message', (files: readonly GeneratedFile[]) => {
      result = files;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`TypeScript emitter worker exited with code ${code} and no result`));
    });
  });
}
