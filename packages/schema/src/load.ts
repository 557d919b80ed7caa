import type { DiskCache } from './cache/disk-cache.js';
import { CatalogError, type CatalogIssue } from './errors.js';
import { deepFreeze } from './freeze.js';
import type { LocksmithCatalog } from './generated/catalog-types.js';
import { catalogValidator } from './meta-schema.js';
import type { Catalog } from './model.js';
import { normalise } from './normalise.js';
import { usableParts } from './prune.js';
import type { Rule, RuleProblem } from './rules/context.js';
import { checkEnvVars } from './rules/env-vars.js';
import { checkGoNames } from './rules/go-names.js';
import { checkPythonNames } from './rules/python-names.js';
import { checkReferences } from './rules/references.js';
import { checkRenderedNames } from './rules/rendered-names.js';
import { checkRotation } from './rules/rotation.js';
import { checkRustNames } from './rules/rust-names.js';
import { checkServices } from './rules/services.js';
import { checkStorePaths } from './rules/store-paths.js';
import { checkTemplates } from './rules/templates.js';
import { checkText } from './rules/text.js';
import { checkValueSchemas, compileOutcomeFingerprint } from './rules/value-schema.js';
import { checkVaultSettings } from './rules/vault-settings.js';
import { shapeIssues } from './shape-issues.js';
import { parseCatalogText, type SourceDocument } from './source/parse.js';
import { readCatalogFile } from './source/read-file.js';

const RULES: readonly Rule[] = [
  checkReferences,
  checkTemplates,
  checkStorePaths,
  checkEnvVars,
  checkValueSchemas,
  checkRotation,
  checkGoNames,
  checkPythonNames,
  checkRustNames,
  checkServices,
  checkVaultSettings,
  checkRenderedNames,
];

/** How a catalog is loaded. */
export interface LoadOptions {
  /**
   * A cache the loader may keep work in between runs (see `@locksmith/schema/cache`); without it,
   * nothing outlives the process. The result is the same either way.
   */
  readonly cache?: DiskCache;
}

/**
 * Reads, validates and normalises a catalog file (YAML or JSON).
 *
 * @returns the deeply frozen, normalised {@link Catalog}.
 * @throws {CatalogError} listing every problem found, each with file:line:column, JSON pointer and a hint.
 */
export async function loadCatalog(file: string, options: LoadOptions = {}): Promise<Catalog> {
  return (await loadCatalogSource(file, options)).catalog;
}

/** A loaded catalog and its document, which can still place a JSON pointer at a line and column. */
export interface LoadedCatalog {
  readonly catalog: Catalog;
  /** Locates problems found after loading (by an emitter) the way the loader locates its own. */
  locate(problems: readonly RuleProblem[]): CatalogError;
}

/** {@link loadCatalog}, keeping the document so later problems can be located too. */
export async function loadCatalogSource(file: string, options: LoadOptions = {}): Promise<LoadedCatalog> {
  const read = await readCatalogFile(file);
  if (!read.ok) throw new CatalogError([read.issue]);
  return parseCatalogSource(read.text, file, options);
}

/**
 * Validates and normalises catalog text already in memory; `file` is only used in messages.
 *
 * @throws {CatalogError} as {@link loadCatalog} does.
 */
export function parseCatalog(text: string, file: string, options: LoadOptions = {}): Catalog {
  return parseCatalogSource(text, file, options).catalog;
}

/** {@link parseCatalog}, keeping the document as {@link loadCatalogSource} does. */
export function parseCatalogSource(text: string, file: string, options: LoadOptions = {}): LoadedCatalog {
  const parsed = parseCatalogText(text, file);
  if (!parsed.ok) throw new CatalogError(parsed.issues);
  const source = parsed.document;
  const locateAll = (problems: readonly RuleProblem[]) =>
    new CatalogError(sortIssues(problems.map((p) => locate(p, source))));

  const validate = catalogValidator();
  const valid = validate(source.data);
  const issues: CatalogIssue[] = valid ? [] : shapeIssues(validate.errors ?? [], source);
  const problems: RuleProblem[] = [];
  const report = (p: RuleProblem) => problems.push(p);
  checkText({ raw: source.data as LocksmithCatalog, catalog: undefined as never, report });

  // Schema errors do not hide the rules: the rules run on every part of the catalog the schema
  // accepted (a broken secret is left out, a broken service stands in as an empty one), so one
  // run shows everything. Problems inside the parts set aside are the schema's to report.
  const usable = valid
    ? { data: source.data, skipped: [] }
    : usableParts(source.data, validate.errors ?? [], validate);
  let catalog: Catalog | undefined;
  if (usable) {
    const raw = usable.data as LocksmithCatalog;
    catalog = normalise(raw, file);
    const providerSetAside = usable.skipped.some((p) => /^\/providers\/[^/]+$/.test(p));
    const context = {
      raw,
      catalog,
      report: (p: RuleProblem) => {
        const inside = usable.skipped.some(
          (prefix) => p.pointer === prefix || p.pointer.startsWith(`${prefix}/`),
        );
        // A provider set aside for a schema error is still configured, as far as the author knows.
        if (!inside && !(providerSetAside && p.code === 'provider-not-configured')) report(p);
      },
      compileOutcomes: options.cache?.store('value-schema-compile', compileOutcomeFingerprint()),
    };
    for (const rule of RULES) rule(context);
  }
  issues.push(...problems.map((p) => locate(p, source)));
  if (issues.length > 0 || !catalog) throw new CatalogError(sortIssues(dedupe(issues)));
  return { catalog: deepFreeze(catalog), locate: locateAll };
}

function locate(problem: RuleProblem, source: SourceDocument): CatalogIssue {
  const pos = source.locate(problem.pointer, { key: problem.atKey === true });
  return {
    code: problem.code,
    message: problem.message,
    hint: problem.hint,
    file: source.file,
    line: pos.line,
    column: pos.column,
    pointer: problem.pointer,
  };
}

function dedupe(issues: readonly CatalogIssue[]): CatalogIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.code}\0${issue.pointer}\0${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** File order reads best: a person fixes problems top to bottom. */
function sortIssues(issues: CatalogIssue[]): CatalogIssue[] {
  return issues.sort(
    (a, b) =>
      a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
