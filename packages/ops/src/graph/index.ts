import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { OperationContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { loadCatalogOrExit } from '../load.js';
import type { GraphOptions } from '../options.js';
import { jsonText } from '../table.js';
import { buildGraph, type Usage } from './model.js';
import { toSvg } from './svg.js';
import { toDot, toMermaid } from './text-formats.js';

/** `locksmith graph`: prints services ↔ secrets ↔ stores in the chosen format, or the graph itself as JSON. */
export async function graphCommand(options: GraphOptions, ctx: OperationContext): Promise<number> {
  const { format } = options;
  const catalog = await loadCatalogOrExit(ctx.io, options.catalog);
  const usageFile = options.usage;
  const usage = usageFile === undefined ? undefined : await readUsage(resolve(ctx.io.cwd, usageFile));
  const graph = buildGraph(catalog, usage);
  if (options.json) ctx.io.stdout(jsonText(graph));
  else
    ctx.io.stdout(format === 'mermaid' ? toMermaid(graph) : format === 'dot' ? toDot(graph) : toSvg(graph));
  return EXIT.ok;
}

async function readUsage(file: string): Promise<Usage> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw usageError(`graph: --usage ${file} is not a readable JSON file.`);
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!valid) throw usageError(`graph: --usage must map each service to a list of secret names.`);
  return parsed as Usage;
}
