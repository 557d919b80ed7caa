import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '@locksmith/schema';
import { EMITTERS, type EmitterEntry } from '../emitters/index.js';
import type { EmitterKind } from '../emitters/kinds.js';
import type { GeneratedFile } from '../generated-file.js';
import { renderEntries } from '../render.js';

const WORKER = new URL('./emitter-worker.js', import.meta.url);

/**
 * The two emitters that dominate a large catalog: TypeScript (loading and running the TypeScript
 * toolchain) and Kubernetes (YAML for one ExternalSecret per service and secret). Everything else
 * together costs less than either.
 */
const OFF_THREAD: readonly EmitterKind[] = ['ts', 'kubernetes'];

/** Renders the catalog, possibly using other cores. */
export interface ParallelRenderer {
  /** Renders `entries`; `onRendered` hears of each kind as it finishes (for a progress line). */
  render(
    catalog: Catalog,
    entries: readonly EmitterEntry[],
    onRendered?: (kind: EmitterKind) => void,
  ): Promise<GeneratedFile[]>;
  /** Stops workers that were not used (e.g. the catalog was invalid). */
  dispose(): Promise<void>;
}

/**
 * Starts one worker thread per heavy emitter now, so each loads its modules while the main thread
 * loads the catalog; `render` then runs the light emitters here while the workers run theirs. On
 * a two-core CI runner that takes most of their cost off the critical path, and the bytes are the
 * same as in one thread. Custom emitters (tests) and runs from sources (no compiled worker)
 * render in this thread.
 */
export function startRenderer(entries: readonly EmitterEntry[]): ParallelRenderer {
  const workerExists = existsSync(fileURLToPath(WORKER));
  const workers = new Map<EmitterEntry['emit'], OffThreadEmitter>();
  for (const entry of entries) {
    const builtIn = EMITTERS.find((e) => e.kind === entry.kind);
    if (workerExists && OFF_THREAD.includes(entry.kind) && builtIn?.emit === entry.emit) {
      workers.set(entry.emit, new OffThreadEmitter(entry.kind));
    }
  }
  return {
    render(catalog, selected, onRendered) {
      return renderEntries(catalog, selected, async (entry) => {
        const worker = workers.get(entry.emit);
        const files = await (worker ? worker.emit(catalog) : entry.emit(catalog));
        onRendered?.(entry.kind);
        return files;
      });
    },
    async dispose() {
      await Promise.all([...workers.values()].map((w) => w.terminate()));
    },
  };
}

/** One emitter running in a worker thread, started early, used once. */
class OffThreadEmitter {
  readonly #worker: Worker;
  /** A failure before `emit` was called, remembered rather than left unhandled. */
  #startError: unknown;

  constructor(kind: EmitterKind) {
    // A larger young generation: the emitters allocate many short-lived objects, and the default
    // size makes the scavenger run constantly.
    this.#worker = new Worker(WORKER, {
      workerData: { kind },
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    this.#worker.once('error', (error) => {
      this.#startError = error;
    });
  }

  emit(catalog: Catalog): Promise<readonly GeneratedFile[]> {
    return new Promise((resolve, reject) => {
      if (this.#startError !== undefined) {
        reject(this.#startError);
        return;
      }
      this.#worker.once('message', (files: readonly GeneratedFile[]) => resolve(files));
      this.#worker.once('error', reject);
      this.#worker.once('exit', (code) => reject(new Error(`emitter worker exited with code ${code}`)));
      this.#worker.postMessage(catalog);
    });
  }

  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }
}
