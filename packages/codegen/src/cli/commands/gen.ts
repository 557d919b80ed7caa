import { resolve } from 'node:path';
import type { Catalog } from '@locksmith/schema';
import type { EmitterEntry } from '../../emitters/index.js';
import { isEmitterKind } from '../../emitters/kinds.js';
import { compareStrings, type GeneratedFile } from '../../generated-file.js';
import { driftReport } from '../drift-report.js';
import { EXIT, ExitError, InternalError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadOrExit } from '../load.js';
import { readOwnedFiles } from '../output-tree.js';
import { renderInParallel } from '../parallel-render.js';
import type { OptionValues } from '../parse.js';
import { type PlannedFile, planOutput } from '../plan.js';
import { removeFileAndEmptyParents, writeFileAtomic } from '../write-atomic.js';

/**
 * `locksmith gen`: render everything in memory, then (unless `--check`) write what changed and
 * remove what the catalog no longer produces. Nothing is written if rendering fails or if any
 * target is a file locksmith did not generate.
 */
export async function genCommand(
  values: OptionValues,
  io: CliIo,
  registry: readonly EmitterEntry[],
): Promise<number> {
  const catalogArg = String(values.catalog);
  const outArg = String(values.out);
  const emitters = selectKinds(registry, typeof values.only === 'string' ? values.only : undefined);
  const catalog = await loadOrExit(resolve(io.cwd, catalogArg));
  const rendered = await renderAll(catalog, emitters);
  const outDir = resolve(io.cwd, outArg);
  const plan = planOutput(rendered, await readOwnedFiles(outDir, emitters));
  const drifted = plan.filter((f) => f.status !== 'ok');

  if (values.check) {
    const fix = fixCommand(catalogArg, outArg, values.only);
    if (values.json) {
      io.stdout(`${JSON.stringify(checkJson(plan, catalogArg, outArg, fix), null, 2)}\n`);
    } else if (drifted.length > 0) {
      io.stderr(driftReport(drifted, fix, io.color));
    } else {
      io.stdout(`locksmith: ${plan.length} generated files are up to date.\n`);
    }
    return drifted.length > 0 ? EXIT.drift : EXIT.ok;
  }

  const foreign = plan.filter((f) => f.status === 'foreign');
  if (foreign.length > 0) {
    const list = foreign.map((f) => `  ${resolve(outDir, f.path)}`).join('\n');
    throw new ExitError(
      EXIT.usage,
      `locksmith gen: refusing to overwrite files it did not generate (no locksmith header):\n${list}\nMove them away or choose another --out.`,
    );
  }
  for (const file of plan) {
    if ((file.status === 'stale' || file.status === 'missing') && file.wanted !== undefined) {
      await writeFileAtomic(resolve(outDir, file.path), file.wanted);
    }
  }
  for (const file of plan) {
    if (file.status === 'extra') await removeFileAndEmptyParents(resolve(outDir, file.path), outDir);
  }
  const count = (status: PlannedFile['status']) => plan.filter((f) => f.status === status).length;
  const summary = {
    written: count('stale') + count('missing'),
    removed: count('extra'),
    unchanged: count('ok'),
  };
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
  const unknown = kinds.filter((k) => !isEmitterKind(k) || !registry.some((e) => e.kind === k));
  if (kinds.length === 0 || unknown.length > 0) {
    throw new ExitError(
      EXIT.usage,
      `gen: unknown kind "${unknown[0] ?? only}" in --only; expected some of: ${registry.map((e) => e.kind).join(', ')}`,
    );
  }
  return registry.filter((e) => kinds.includes(e.kind));
}

/** Runs the emitters; any failure is a bug (the catalog was already validated), and nothing is written. */
async function renderAll(catalog: Catalog, emitters: readonly EmitterEntry[]): Promise<GeneratedFile[]> {
  try {
    return await renderInParallel(catalog, emitters);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InternalError(`rendering failed: ${reason}`, { cause: error });
  }
}

function fixCommand(catalog: string, out: string, only: unknown): string {
  const quote = (s: string) => (/^[\w./:@,=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['locksmith', 'gen', '--catalog', quote(catalog), '--out', quote(out)];
  if (typeof only === 'string') parts.push('--only', quote(only));
  return parts.join(' ');
}

function checkJson(plan: readonly PlannedFile[], catalog: string, out: string, fix: string) {
  const files = plan
    .map((f) => ({ path: f.path, status: f.status }))
    .sort((a, b) => compareStrings(a.path, b.path));
  const drifted = files.filter((f) => f.status !== 'ok');
  return { ok: drifted.length === 0, catalog, out, drifted: drifted.length, files, fix };
}
