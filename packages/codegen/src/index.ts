/**
 * @locksmith/codegen — emitters that turn a normalised catalog into generated files, and the
 * `locksmith` CLI that writes them or checks them for drift. The CLI also declares and parses the
 * operations commands, whose implementation (@locksmith/ops) it loads only when one runs.
 */

export type { OperationName, OperationOptions } from './cli/declarations/index.js';
export { COMMANDS, findCommand, GLOBAL_OPTIONS, OPERATION_COMMANDS } from './cli/declarations/index.js';
export type { CliErrorDocument } from './cli/error-json.js';
export type { CliIo } from './cli/io.js';
export type { CliDependencies } from './cli/main.js';
export { runCli } from './cli/main.js';
export type {
  EnvVars,
  GeneratorHooks,
  OperationContext,
  OperationsLoader,
  OperationsModule,
} from './cli/operations.js';
export { OPERATIONS_PACKAGE } from './cli/operations.js';
export type { CommandSpec, OptionSpec, ParsedOptions, PositionalSpec } from './cli/spec.js';
export type { PolicyDocument, PolicyStatement } from './emitters/iam/index.js';
export { policyName, servicePolicy } from './emitters/iam/index.js';
export type { EmitterEntry, EmitterKind } from './emitters/index.js';
export {
  EMITTER_KINDS,
  EMITTERS,
  emitDotenv,
  emitGo,
  emitIam,
  emitInventory,
  emitKubernetes,
  emitPython,
  emitTerraform,
  emitTypescript,
  emitVault,
  isEmitterKind,
} from './emitters/index.js';
export type { Emitter, GeneratedFile } from './generated-file.js';
export { HEADER_MARKER, hasLocksmithHeader } from './header.js';
export type {
  AccessChange,
  AccessChannel,
  AccessPlan,
  AttributeChange,
  CatalogChanges,
  CatalogRef,
  EnvironmentPlan,
  Grant,
  GrantView,
  Location,
  PlacementChange,
  PlanOptions,
  PlanSummary,
  RiskFlag,
  RiskFlagKind,
} from './plan/index.js';
export { accessMatrix, DEFAULT_MAX_READERS, PLAN_FORMAT_VERSION, planChanges } from './plan/index.js';
export { planJson } from './plan/render/json.js';
export { PLAN_COMMENT_MARKER, planMarkdown } from './plan/render/markdown.js';
export { planText } from './plan/render/text.js';
export { renderCatalog } from './render.js';
