// The model-level queries (placementsIn, readsIn, servicesIn, namespaceFor, ...) live in
// @locksmith/schema, where the catalog's rules and the operations commands read them too; the
// emitters import them through this module so they have one place to look.
export type { PlacedSecret } from '@locksmith/schema';
export {
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
} from '@locksmith/schema';
