/**
 * @locksmith/ops — the operations commands of `locksmith` (doctor, audit, import, estimate, seal,
 * copy, graph), which read and write the live AWS Secrets Manager and Vault stores through the
 * runtime's clients and Vault login (@locksmith/sdk-node). The `locksmith` command of
 * @locksmith/codegen parses their options and loads this package only when one of them runs.
 */

export type { RotationAge, RotationStatus } from './audit/age.js';
export type { AuditReport, Copy, Orphan } from './audit/index.js';
export type {
  EnvVars,
  GeneratedFileLike,
  GeneratorHooks,
  OperationContext,
  OperationIo,
} from './context.js';
export type { CopyAction } from './copy/plan.js';
export type { DoctorReport } from './doctor/index.js';
export type { PolicyCheck } from './doctor/policies.js';
export type { SecretCheck } from './doctor/secret-check.js';
export type { OperationErrorDocument } from './error-json.js';
export type { EstimateReport } from './estimate/index.js';
export type { CatalogGraph } from './graph/model.js';
export type { ImportReport } from './import/index.js';
export type { IntoResult } from './import/into.js';
export type * from './options.js';
export { OPERATIONS, runOperation } from './run.js';
export type { SealReport } from './seal/index.js';
