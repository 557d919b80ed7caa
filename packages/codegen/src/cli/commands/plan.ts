import { resolve } from 'node:path';
import { type Catalog, CatalogError, formatCatalogError } from '@locksmith/schema';
import type { DiskCache } from '@locksmith/schema/cache';
import { planChanges } from '../../plan/index.js';
import { planJson } from '../../plan/render/json.js';
import { planMarkdown } from '../../plan/render/markdown.js';
import { planText } from '../../plan/render/text.js';
import { readBaseCatalog } from '../base-catalog.js';
import type { PLAN } from '../declarations/plan.js';
import { EXIT, ExitError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadSourceOrExit } from '../load.js';
import type { ParsedOptions } from '../spec.js';

/**
 * `locksmith plan`: loads the base catalog (a file, or the committed copy at a git revision) and
 * the working one, and prints what the change does to access. Exit 3 when any principal gains,
 * loses or switches read access, 0 when none does, 2 when either catalog is invalid.
 */
export async function planCommand(
  options: ParsedOptions<typeof PLAN>,
  io: CliIo,
  cache?: DiskCache,
): Promise<number> {
  const maxReaders = Number(options.maxReaders);
  if (!/^\d+$/.test(options.maxReaders) || !Number.isSafeInteger(maxReaders)) {
    throw new ExitError(
      EXIT.usage,
      `plan: --max-readers must be a whole number, not "${options.maxReaders}".`,
    );
  }
  const catalogFile = resolve(io.cwd, options.catalog);
  const { catalog: head } = await loadSourceOrExit(io.cwd, options.catalog, cache);
  const baseCatalog = await readBaseCatalog(options.base, catalogFile, io.cwd);
  const base = await loadBase(baseCatalog.load, baseCatalog.source);
  const plan = planChanges(base, head, {
    baseSource: baseCatalog.source,
    headSource: options.catalog,
    maxReaders,
  });
  const format = options.json ? 'json' : options.format;
  io.stdout(
    format === 'json'
      ? planJson(plan)
      : format === 'markdown'
        ? planMarkdown(plan)
        : planText(plan, io.color),
  );
  return plan.accessChanged ? EXIT.accessChanges : EXIT.ok;
}

async function loadBase(
  load: () => Promise<Catalog | undefined>,
  source: string,
): Promise<Catalog | undefined> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    throw new ExitError(
      EXIT.usage,
      `plan: the base catalog (${source}) is invalid:\n${formatCatalogError(error)}`,
    );
  }
}
