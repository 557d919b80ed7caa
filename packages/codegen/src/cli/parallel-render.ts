import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
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
  /** Worker threads started (0: everything renders in this thread). */
  readonly threads: number;
}

/** How to render. */
export interface RenderOptions {
  /**
   * Run the heavy emitters in worker threads (default true). A worker costs its own start-up and
   * module loading, which only a large catalog pays back.
   */
  readonly workers?: boolean;
  /** The disk cache the TypeScript emitter's worker memoises in (the main thread's is set by the caller). */
  readonly cacheDirectory?: string | undefined;
}

/**
 * Catalog files at least this large (about 1,000 secrets) render with worker threads, given the
 * cores for them; smaller ones finish before a worker would have loaded its modules.
 */
export const WORKER_THRESHOLD_BYTES = 256 * 1024;

/**
 * Workers pay only with a core each beside the main thread's. On the two-core benchmark machine
 * (shared, load about 4), the 10,000-secret catalog took 8.7-9.7 s with them and 6.6-7.4 s without,
 * for gen and gen --check alike: the copies of the catalog sent to them and of the files sent back
 * cost more than the overlap saves when three threads share two cores.
 */
export const WORKER_MIN_CORES = OFF_THREAD.length + 1;

/**
 * Decided from the file's size, before parsing, so that workers, when they pay, start while it
 * loads; and from the cores this process may use (`cores`, Node's availableParallelism by default).
 */
export async function catalogNeedsWorkers(
  file: string,
  cores: number = availableParallelism(),
): Promise<boolean> {
  if (cores < WORKER_MIN_CORES) return false;
  try {
    return (await stat(file)).size >= WORKER_THRESHOLD_BYTES;
  } catch {
    return false; // the loader reports a missing or unreadable file
  }
}

/**
 * Starts one worker thread per heavy emitter now, so each loads its modules while the main thread
 * loads the catalog; `render` then runs the light emitters here while the workers run theirs. On
 * a two-core CI runner that takes most of their cost off the critical path, and the bytes are the
 * same as in one thread. Custom emitters (tests), runs from sources (no compiled worker) and
 * `workers: false` render in this thread.
 */
export function startRenderer(
  entries: readonly EmitterEntry[],
  options: RenderOptions = {},
): ParallelRenderer {
  const workerExists = options.workers !== false && existsSync(fileURLToPath(WORKER));
  const workers = new Map<EmitterEntry['emit'], OffThreadEmitter>();
  for (const entry of entries) {
    const builtIn = EMITTERS.find((e) => e.kind === entry.kind);
    if (workerExists && OFF_THREAD.includes(entry.kind) && builtIn?.emit === entry.emit) {
      workers.set(entry.emit, new OffThreadEmitter(entry.kind, options.cacheDirectory));
    }
  }
  return {
    threads: workers.size,
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

  constructor(kind: EmitterKind, cacheDirectory: string | undefined) {
    // A larger young generation: the emitters allocate many short-lived objects, and the default
    // size makes the scavenger run constantly.
    this.#worker = new Worker(WORKER, {
      workerData: cacheDirectory === undefined ? { kind } : { kind, cacheDirectory },
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
