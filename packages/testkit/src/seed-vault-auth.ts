import {
  type Catalog,
  namespaceFor,
  readsIn,
  servicesIn,
  vaultNamesFor,
  vaultReadPaths,
} from '@locksmith/schema';
import type { FakeVault } from './vault/server.js';

/** How one service logs in to the fake Vault in one environment. */
export interface ServiceVaultLogin {
  readonly service: string;
  readonly role: string;
  readonly policy: string;
  /** Only for AppRole auth. */
  readonly roleId?: string;
  readonly secretId?: string;
}

/**
 * Gives every service that reads a Vault secret in `environment` the login and policy codegen
 * emits for it: a policy granting `read` on exactly the paths of `vaultReadPaths` (the value, and
 * the metadata only under dual-key rotation), and a Kubernetes role bound to its service account
 * in its namespace with the catalog's token audience and TTL, or an AppRole. The fake then refuses
 * exactly what a generated policy and role refuse; a service that reads no Vault secret there gets
 * no login, as it gets no generated role.
 */
export function seedVaultAuth(vault: FakeVault, catalog: Catalog, environment: string): ServiceVaultLogin[] {
  const provider = catalog.providers.vault;
  if (!provider) return [];
  const logins: ServiceVaultLogin[] = [];
  for (const service of servicesIn(catalog, environment)) {
    const placed = readsIn(catalog, service, environment, 'vault');
    if (placed.length === 0) continue;
    const { role, policy } = vaultNamesFor(catalog, environment, service.name)!;
    const rules = placed
      .flatMap(vaultReadPaths)
      .map((path) => `path ${JSON.stringify(path)} { capabilities = ["read"] }`);
    vault.setPolicy(policy, rules.join('\n'));
    if (provider.auth.method === 'approle') {
      const { roleId, secretId } = vault.addAppRole(role, { policies: [policy], mount: provider.auth.mount });
      logins.push({ service: service.name, role, policy, roleId, secretId });
    } else {
      vault.addKubernetesRole(role, {
        boundServiceAccountNames: [service.serviceAccount],
        boundServiceAccountNamespaces: [namespaceFor(catalog, environment, service.name)],
        policies: [policy],
        audience: provider.auth.audience,
        tokenTtlMs: provider.auth.tokenTtl.ms,
        mount: provider.auth.mount,
      });
      logins.push({ service: service.name, role, policy });
    }
  }
  return logins;
}
