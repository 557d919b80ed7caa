/**
 * @locksmith/schema — the secret catalog: its JSON Schema, the loader that validates and
 * normalises it, the model every other package reads, and errors a person can act on.
 */

export type * from './descriptor.js';
export { describeService, fillTemplate } from './descriptor.js';
export { parseDuration } from './duration.js';
export { defaultEnvName, ENV_VAR_NAME } from './env-names.js';
export type { CatalogIssue, CatalogIssueCode, FormatOptions } from './errors.js';
export { CatalogError, formatCatalogError, formatLocation, printable } from './errors.js';
export type { LocksmithCatalog } from './generated/catalog-types.js';
export type { LoadedCatalog, LoadOptions } from './load.js';
export { loadCatalog, loadCatalogSource, parseCatalog, parseCatalogSource } from './load.js';
export { catalogJsonSchema } from './meta-schema.js';
export type * from './model.js';
export type { RoleArn } from './names/aws.js';
export { parseRoleArn, partitionOf } from './names/aws.js';
export * from './names/go.js';
export * as pythonNames from './names/python.js';
export * from './names/rust.js';
export { pascalCase, typescriptValueTypeNames } from './names/typescript.js';
export type { PlacedSecret } from './queries.js';
export {
  compareStrings,
  deployedEnvironments,
  namespaceFor,
  placementsIn,
  providersReadIn,
  readsIn,
  roleArnFor,
  secretsReadBy,
  servicesIn,
  sortedSecrets,
  sortedServices,
  storeNameFor,
  templateValues,
  vaultNamesFor,
  vaultReadPaths,
} from './queries.js';
export { type CatalogErrorReport, relativeToDirectory, reportCatalogError } from './relative-paths.js';
export type { RuleProblem as CatalogProblem } from './rules/context.js';
export { didYouMean } from './suggest.js';
