import type { MemoStore } from '../cache/memo-store.js';
import type { CatalogIssueCode } from '../errors.js';
import type { LocksmithCatalog } from '../generated/catalog-types.js';
import type { Catalog } from '../model.js';

/** What a rule sees: the document as written, the normalised model, and a way to report. */
export interface RuleContext {
  readonly raw: LocksmithCatalog;
  readonly catalog: Catalog;
  report(problem: RuleProblem): void;
  /** Where the value-schema rule keeps ajv's compile outcomes between runs (default: this process only). */
  readonly compileOutcomes?: MemoStore | undefined;
}

export interface RuleProblem {
  readonly code: CatalogIssueCode;
  /** JSON pointer of the offending value (or key, with `atKey`). */
  readonly pointer: string;
  readonly message: string;
  readonly hint?: string;
  readonly atKey?: boolean;
}

/** A semantic rule: something JSON Schema cannot say. Each lives in its own file. */
export type Rule = (context: RuleContext) => void;
