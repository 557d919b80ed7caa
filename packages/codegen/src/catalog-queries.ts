import type { Catalog } from '@locksmith/schema';

// The model-level queries (placementsIn, readsIn, servicesIn, ...) live in @locksmith/schema, where
// the operations commands read them too; what stays here is the generator's own vocabulary.
export type { PlacedSecret } from '@locksmith/schema';
export {
  deployedEnvironments,
  namespaceFor,
  placementsIn,
  readsIn,
  secretsReadBy,
  servicesIn,
  sortedSecrets,
  sortedServices,
} from '@locksmith/schema';

/**
 * Name the ESO controller goes by in generated artifacts: its ServiceAccount, IAM role, Vault
 * role and policy files. The controller reads every secret of an environment on the services' behalf.
 */
export const CONTROLLER = 'external-secrets-controller';

/** Values every name template may use for one (environment, service) pair. */
export function templateValues(
  catalog: Catalog,
  environment: string,
  service: string,
): Readonly<Record<string, string>> {
  return {
    project: catalog.project,
    env: environment,
    service,
    accountId: catalog.providers.aws?.accountId ?? '',
  };
}
