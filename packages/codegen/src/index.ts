/**
 * @locksmith/codegen — emitters that turn a normalised catalog into generated files, and the
 * `locksmith` CLI that writes them or checks them for drift.
 */

export type { CliIo } from './cli/io.js';
export type { CliDependencies } from './cli/main.js';
export { runCli } from './cli/main.js';
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
export { renderCatalog } from './render.js';
