import { resolve } from 'node:path';
import { type Catalog, CatalogError } from '@locksmith/schema';
import type { EmitterEntry } from '../../emitters/index.js';
import { isEmitterKind } from '../../emitters/kinds.js';
import type { GeneratedFile } from '../../generated-file.js';
import { applyPlan } from '../apply-plan.js';
import type { GEN } from '../declarations/gen.js';
import { EXIT, ExitError, InternalError } from '../errors.js';
import type { CliIo } from '../io.js';
import { catalogExitError, loadOrExit } from '../load.js';
import { readOwnedFiles } from '../output-tree.js';
import { type ParallelRenderer, startRenderer } from '../parallel-render.js';
import { hint } from '../parse.js';
import { planOutput } from '../plan.js';
import { statusLine } from '../progress.js';
import type { ParsedOptions } from '../spec.js';
import { reportCheck } from './check.js';

/**
 * `locksmith gen`: render everything in memory, then (unless `--check`) write what changed and
 * remove what the catalog no longer produces. Nothing is written if rendering fails or if any
 * target is a file locksmith did not generate.
 */
export async function genCommand(
  values: ParsedOptions<typeof GEN>,
  io: CliIo,
  registry: readonly EmitterEntry[],
  interactive = false,
): Promise<number> {
  const catalogArg = values.catalog;
  const outArg = values.out;
  const emitters = selectKinds(registry, values.only);
  // Loading the TypeScript toolchain and rendering take seconds on a busy machine: say so on a terminal.
  const status = statusLine(interactive && !values.json, io.stderr);
  const renderer = startRenderer(emitters);
  let rendered: GeneratedFile[];
  let plan: ReturnType<typeof planOutput>;
  const outDir = resolve(io.cwd, outArg);
  try {
    status.step(`loading ${catalogArg}`);
    const catalog = await loadOrExit(io.cwd, catalogArg);
    let done = 0;
    status.step(`rendering ${emitters.map((e) => e.kind).join(', ')}`);
    rendered = await renderAll(renderer, catalog, emitters, io.cwd, (kind) => {
      done += 1;
      status.step(`rendering: ${kind} done (${done}/${emitters.length})`);
    });
    status.step(`${values.check ? 'comparing with' : 'planning'} ${outArg}`);
    plan = planOutput(rendered, await readOwnedFiles(outDir, emitters));
  } finally {
    status.done();
    await renderer.dispose();
  }

  if (values.check) {
    return reportCheck(plan, { catalog: catalogArg, out: outArg, only: values.only, json: values.json }, io);
  }

  const summary = await applyPlan(plan, outDir);
  if (values.json) io.stdout(`${JSON.stringify({ ok: true, out: outArg, ...summary }, null, 2)}\n`);
  else {
    io.stdout(
      `locksmith: ${summary.written} written, ${summary.removed} removed, ${summary.unchanged} unchanged in ${outArg}\n`,
    );
  }
  return EXIT.ok;
}

function selectKinds(registry: readonly EmitterEntry[], only: string | undefined): EmitterEntry[] {
  if (only === undefined) return [...registry];
  const kinds = only
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const known = registry.map((e) => e.kind);
  const unknown = kinds.filter((k) => !isEmitterKind(k) || !registry.some((e) => e.kind === k));
  if (kinds.length === 0 || unknown.length > 0) {
    throw new ExitError(
      EXIT.usage,
      `gen: unknown kind "${unknown[0] ?? only}" in --only${hint(unknown[0] ?? only, known)}; expected some of: ${known.join(', ')}`,
    );
  }
  return registry.filter((e) => kinds.includes(e.kind));
}

/** Runs the emitters; any failure is a bug (the catalog was already validated), and nothing is written. */
async function renderAll(
  renderer: ParallelRenderer,
  catalog: Catalog,
  emitters: readonly EmitterEntry[],
  cwd: string,
  onRendered: (kind: string) => void,
): Promise<GeneratedFile[]> {
  try {
    return await renderer.render(catalog, emitters, onRendered);
  } catch (error) {
    // An emitter may refuse a catalog the loader accepted (a pattern Go's RE2 cannot express):
    // that is the user's to fix, not a bug.
    if (error instanceof CatalogError) throw catalogExitError(error, cwd);
    const reason = error instanceof Error ? error.message : String(error);
    throw new InternalError(`rendering failed: ${reason}`, { cause: error });
  }
}
