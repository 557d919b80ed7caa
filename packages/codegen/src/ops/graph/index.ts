import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, ExitError } from '../../cli/errors.js';
import { loadOrExit } from '../../cli/load.js';
import { oneOf } from '../args.js';
import { type OpsContext, stringOption } from '../context.js';
import { buildGraph, type Usage } from './model.js';
import { toSvg } from './svg.js';
import { toDot, toMermaid } from './text-formats.js';

const FORMATS = ['mermaid', 'dot', 'svg'] as const;

/** `locksmith graph`: prints services ↔ secrets ↔ stores in the chosen format. */
export async function graphCommand(ctx: OpsContext): Promise<number> {
  const format = oneOf('graph', 'format', String(ctx.values['format']), FORMATS);
  const catalog = await loadOrExit(resolve(ctx.io.cwd, String(ctx.values['catalog'])));
  const usageFile = stringOption(ctx.values, 'usage');
  const usage = usageFile === undefined ? undefined : await readUsage(resolve(ctx.io.cwd, usageFile));
  const graph = buildGraph(catalog, usage);
  ctx.io.stdout(format === 'mermaid' ? toMermaid(graph) : format === 'dot' ? toDot(graph) : toSvg(graph));
  return EXIT.ok;
}

async function readUsage(file: string): Promise<Usage> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new ExitError(EXIT.usage, `graph: --usage ${file} is not a readable JSON file.`);
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!valid)
    throw new ExitError(EXIT.usage, `graph: --usage must map each service to a list of secret names.`);
  return parsed as Usage;
}
