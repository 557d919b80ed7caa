import { emitIam } from '../emitters/iam/index.js';
import { targetName } from '../emitters/kubernetes/external-secret.js';
import { emitVault } from '../emitters/vault/index.js';
import type { GeneratorHooks } from './operations.js';

/**
 * The generator's side of {@link GeneratorHooks}: the emitters whose output doctor compares with
 * the live policies, and the naming seal shares with the ExternalSecrets. Loaded with the
 * operations only, so `gen --help` does not pay for it.
 */
export const GENERATOR_HOOKS: GeneratorHooks = {
  iamPolicies: emitIam,
  vaultPolicies: emitVault,
  kubernetesSecretName: targetName,
};
