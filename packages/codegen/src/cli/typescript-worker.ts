import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '@locksmith/schema';
import { emitTypescript } from '../emitters/typescript/index.js';

// Runs the TypeScript emitter off the main thread (see parallel-render.ts). Errors propagate to
// the parent as the worker's `error` event.
const files = await emitTypescript((workerData as { catalog: Catalog }).catalog);
parentPort?.postMessage(files);
