import type { Emitter } from '../generated-file.js';
import { emitDotenv } from './dotenv/index.js';
import { emitGo } from './go/index.js';
import { emitIam } from './iam/index.js';
import { emitInventory } from './inventory/index.js';
import type { EmitterKind } from './kinds.js';
import { emitKubernetes } from './kubernetes/index.js';
import { emitPython } from './python/index.js';
import { emitRust } from './rust/index.js';
import { emitTerraform } from './terraform/index.js';
import { emitTypescript } from './typescript/index.js';
import { emitVault } from './vault/index.js';

export { EMITTER_KINDS, type EmitterKind, isEmitterKind } from './kinds.js';

/** One registered emitter and the part of the output tree it owns. */
export interface EmitterEntry {
  readonly kind: EmitterKind;
  readonly description: string;
  /**
   * The directory (ending in `/`) or single file this emitter writes. Every file under it that
   * carries the locksmith header belongs to the emitter, so stale ones can be removed.
   */
  readonly owns: string;
  readonly emit: Emitter;
}

/** Every emitter, in the order `locksmith gen` runs them. */
export const EMITTERS: readonly EmitterEntry[] = [
  { kind: 'ts', description: 'typed accessor module per service', owns: 'ts/', emit: emitTypescript },
  { kind: 'go', description: 'typed Go loader package per Go service', owns: 'go/', emit: emitGo },
  {
    kind: 'python',
    description: 'typed Python loader module per Python service',
    owns: 'python/',
    emit: emitPython,
  },
  { kind: 'rust', description: 'typed Rust module per Rust service', owns: 'rust/', emit: emitRust },
  {
    kind: 'kubernetes',
    description: 'ExternalSecrets, stores, ServiceAccounts and RBAC per environment',
    owns: 'kubernetes/',
    emit: emitKubernetes,
  },
  {
    kind: 'iam',
    description: 'least-privilege IAM policy per service and environment',
    owns: 'iam/',
    emit: emitIam,
  },
  { kind: 'vault', description: 'Vault policies and Kubernetes-auth roles', owns: 'vault/', emit: emitVault },
  { kind: 'dotenv', description: '.env.example per service', owns: 'env/', emit: emitDotenv },
  {
    kind: 'terraform',
    description: 'Terraform JSON for the AWS secrets',
    owns: 'terraform/',
    emit: emitTerraform,
  },
  {
    kind: 'inventory',
    description: 'SECRETS.md inventory and diagram',
    owns: 'SECRETS.md',
    emit: emitInventory,
  },
];

/** True when `path` lies in the part of the tree the emitter owns. */
export function ownsPath(entry: EmitterEntry, path: string): boolean {
  return entry.owns.endsWith('/') ? path.startsWith(entry.owns) : path === entry.owns;
}

export {
  emitDotenv,
  emitGo,
  emitIam,
  emitInventory,
  emitKubernetes,
  emitPython,
  emitRust,
  emitTerraform,
  emitTypescript,
  emitVault,
};
