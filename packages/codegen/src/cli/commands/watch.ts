import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { EmitterEntry } from '../../emitters/index.js';
import type { GEN } from '../declarations/gen.js';
import { EXIT, ExitError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { ParsedOptions } from '../spec.js';
import { type GenRun, genCommand } from './gen.js';

/** Editors write a file in several steps (truncate, write, rename): wait this long for them to settle. */
const SETTLE_MS = 15;

/**
 * `locksmith gen --watch`: generate once, then again each time the catalog file is saved, in this
 * process, whose modules and memos stay warm, so a regeneration costs the catalog's own work and
 * not Node's start-up. The catalog's directory is watched rather than the file, so editors that
 * save by writing a new file and renaming it over the old one are seen too. An invalid catalog is
 * reported and the watch goes on; a save during a run is picked up by one more run after it.
 * Returns 0 when `run.signal` aborts (Ctrl-C in the bin).
 */
export async function watchCatalog(
  values: ParsedOptions<typeof GEN>,
  io: CliIo,
  registry: readonly EmitterEntry[],
  run: GenRun,
): Promise<number> {
  if (values.check || values.json) {
    throw new ExitError(
      EXIT.usage,
      'gen: --watch writes files and prints a line per run; it cannot be combined with --check or --json.',
    );
  }
  const once: ParsedOptions<typeof GEN> = { ...values, watch: false };
  const file = resolve(io.cwd, values.catalog);
  const generateOnce = async (): Promise<void> => {
    const started = performance.now();
    const lines: string[] = [];
    const timed: CliIo = { ...io, stdout: (text) => lines.push(text) };
    try {
      await genCommand(once, timed, registry, { cache: run.cache, workers: false });
      const took = Math.round(performance.now() - started);
      io.stdout(lines.join('').replace(/\n$/, ` (${took} ms)\n`));
    } catch (error) {
      if (!(error instanceof ExitError)) throw error;
      io.stderr(`${error.message}\nlocksmith: still watching ${values.catalog}; fix it and save again.\n`);
    } finally {
      run.cache?.flush();
    }
  };

  await generateOnce();
  if (run.signal?.aborted) return EXIT.ok;
  // The TypeScript toolchain is not loaded ahead of time: evaluating it blocks this thread for a
  // second or more, which every save in that second would wait for, while only a save bringing a
  // value shape the cache has never seen needs it.
  return new Promise<number>((done, fail) => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    const name = basename(file);
    const regenerate = () => {
      if (running) {
        again = true;
        return;
      }
      running = generateOnce()
        .catch((error: unknown) => {
          stop();
          fail(error);
        })
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            regenerate();
          }
        });
    };
    const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(regenerate, SETTLE_MS);
    });
    const stop = () => {
      clearTimeout(timer);
      watcher.close();
      run.signal?.removeEventListener('abort', finish);
    };
    const finish = () => {
      stop();
      void (running ?? Promise.resolve()).then(() => done(EXIT.ok));
    };
    watcher.on('error', (error) => {
      stop();
      fail(error);
    });
    if (run.signal?.aborted) finish();
    else run.signal?.addEventListener('abort', finish, { once: true });
    // Said once the watcher is in place, so a save made as soon as this line appears is seen.
    io.stderr(`locksmith: watching ${values.catalog} (Ctrl-C to stop)\n`);
  });
}
