import { CatalogError, type CatalogIssue } from './errors.js';
import { deepFreeze } from './freeze.js';
import type { LocksmithCatalog } from './generated/catalog-types.js';
import { catalogValidator } from './meta-schema.js';
import type { Catalog } from './model.js';
import { normalise } from './normalise.js';
import type { Rule, RuleProblem } from './rules/context.js';
import { checkEnvVars } from './rules/env-vars.js';
import { checkGoNames } from './rules/go-names.js';
import { checkPythonNames } from './rules/python-names.js';
import { checkReferences } from './rules/references.js';
import { checkRotation } from './rules/rotation.js';
import { checkRustNames } from './rules/rust-names.js';
import { checkStorePaths } from './rules/store-paths.js';
import { checkTemplates } from './rules/templates.js';
import { checkValueSchemas } from './rules/value-schema.js';
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
];

/**
 * Reads, validates and normalises a catalog file (YAML or JSON).
 *
 * @returns the deeply frozen, normalised {@link Catalog}.
 * @throws {CatalogError} listing every problem found, each with file:line:column, JSON pointer and a hint.
 */
export async function loadCatalog(file: string): Promise<Catalog> {
  const read = await readCatalogFile(file);
  if (!read.ok) throw new CatalogError([read.issue]);
  return parseCatalog(read.text, file);
}

/**
 * Validates and normalises catalog text already in memory; `file` is only used in messages.
 *
 * @throws {CatalogError} as {@link loadCatalog} does.
 */
export function parseCatalog(text: string, file: string): Catalog {
  const parsed = parseCatalogText(text, file);
  if (!parsed.ok) throw new CatalogError(parsed.issues);
  const source = parsed.document;

  const validate = catalogValidator();
  if (!validate(source.data)) throw new CatalogError(shapeIssues(validate.errors ?? [], source));

  const raw = source.data as LocksmithCatalog;
  const catalog = normalise(raw, file);
  const issues: CatalogIssue[] = [];
  const context = { raw, catalog, report: (p: RuleProblem) => issues.push(locate(p, source)) };
  for (const rule of RULES) rule(context);
  if (issues.length > 0) throw new CatalogError(sortIssues(issues));
  return deepFreeze(catalog);
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

/** File order reads best: a person fixes problems top to bottom. */
function sortIssues(issues: CatalogIssue[]): CatalogIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}
