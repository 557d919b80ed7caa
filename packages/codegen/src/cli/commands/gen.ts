import { resolve } from 'node:path';
import type { EmitterEntry } from '../../emitters/index.js';
import { ownsPath } from '../../emitters/index.js';
import { isEmitterKind } from '../../emitters/kinds.js';
import {
  GITATTRIBUTES_PATH,
  gitattributesFile,
  MANIFEST_PATH,
  manifestFile,
  readManifest,
} from '../../ownership.js';
import { applyPlan } from '../apply-plan.js';
import type { GEN } from '../declarations/gen.js';
import { EXIT, ExitError } from '../errors.js';
import type { CliIo } from '../io.js';
import { scanOutput } from '../output-tree.js';
import { hint } from '../parse.js';
import { planOutput } from '../plan.js';
import { statusLine } from '../progress.js';
import { loadAndRender, type RenderRun } from '../render-checked.js';
import type { ParsedOptions } from '../spec.js';
import { reportCheck } from './check.js';

/** How one `gen` run is carried out, besides its options. */
export interface GenRun extends RenderRun {
  /** Ends `--watch`. */
  readonly signal?: AbortSignal | undefined;
  /** stderr is a terminal, so a status line may be drawn (never with --json). */
  readonly interactive?: boolean | undefined;
}

/**
 * `locksmith gen`: render everything in memory, then (unless `--check`) write what changed and
 * remove what the catalog no longer produces. Nothing is written if rendering fails or if the
 * output directory holds anything locksmith did not write. (`--watch` is watch.ts, which runs this
 * on every save.)
 */
export async function genCommand(
  values: ParsedOptions<typeof GEN>,
  io: CliIo,
  registry: readonly EmitterEntry[],
  run: GenRun = {},
): Promise<number> {
  const catalogArg = values.catalog;
  const outArg = values.out;
  const only = values.only;
  const emitters = selectKinds(registry, only);
  const outDir = resolve(io.cwd, outArg);
  // Loading the TypeScript toolchain and rendering take seconds on a busy machine: say so on a terminal.
  const status = statusLine(Boolean(run.interactive) && !values.json, io.stderr);
  let rendered: Awaited<ReturnType<typeof loadAndRender>>;
  let tree: ReturnType<typeof scanOutput>;
  try {
    rendered = await loadAndRender(catalogArg, io, emitters, { ...run, status });
    status.step(`${values.check ? 'comparing with' : 'planning'} ${outArg}`);
    tree = scanOutput(outDir);
  } finally {
    status.done();
  }
  const { catalog, files } = rendered;

  // With --only, the other kinds' files are neither examined nor forgotten: their manifest
  // entries are carried over as they were.
  const inScope = (path: string) =>
    only === undefined ||
    path === MANIFEST_PATH ||
    path === GITATTRIBUTES_PATH ||
    emitters.some((e) => ownsPath(e, path));
  const recorded = readManifest(tree.files.get(MANIFEST_PATH));
  const carried = new Map([...(recorded ?? [])].filter(([path]) => !inScope(path)));
  const owned = [...files, gitattributesFile(catalog)];
  const wanted = [...owned, manifestFile(catalog, owned, carried)];
  const plan = planOutput({
    wanted,
    files: tree.files,
    notFiles: tree.notFiles,
    recorded: recorded === undefined ? undefined : new Set(recorded.keys()),
    inScope,
  });

  if (values.check) {
    return await reportCheck(plan, { catalog: catalogArg, out: outArg, only, json: values.json }, io);
  }

  const summary = applyPlan(plan, outDir);
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
