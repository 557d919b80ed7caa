import type { Catalog, Service } from '@locksmith/schema';
import { readsIn, vaultNamesFor } from '../../catalog-queries.js';
import { terraformLiteral } from '../../escape/hcl.js';
import { esoVaultAuthMount } from '../vault/auth-mount.js';
import { vaultPolicyHcl } from '../vault/policy.js';
import { kubernetesRoleFor } from '../vault/roles.js';
import { resourceName } from './providers.js';

/** The Vault resources of one environment: per service its policy and its Kubernetes-auth role. */
export function vaultResources(
  catalog: Catalog,
  env: string,
  services: readonly Service[],
): Record<string, Record<string, unknown>> {
  const vault = catalog.providers.vault;
  if (!vault) return {};
  const namespace = vault.namespace === undefined ? {} : { namespace: terraformLiteral(vault.namespace) };
  const policies: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  for (const service of services) {
    const placed = readsIn(catalog, service, env, 'vault');
    if (placed.length === 0) continue;
    const id = resourceName(env, service.name);
    const { policy } = vaultNamesFor(catalog, env, service.name)!;
    policies[id] = {
      ...namespace,
      name: terraformLiteral(policy),
      policy: terraformLiteral(vaultPolicyHcl('', placed)),
    };
    const role = kubernetesRoleFor(catalog, env, service);
    if (!role) continue;
    roles[id] = {
      ...namespace,
      backend: terraformLiteral(esoVaultAuthMount(vault)),
      role_name: terraformLiteral(role.name),
      bound_service_account_names: role.role.bound_service_account_names.map(terraformLiteral),
      bound_service_account_namespaces: role.role.bound_service_account_namespaces.map(terraformLiteral),
      token_policies: [`\${vault_policy.${id}.name}`],
      audience: terraformLiteral(role.role.audience),
      token_ttl: role.role.token_ttl,
    };
  }
  const resource: Record<string, Record<string, unknown>> = {};
  if (Object.keys(policies).length > 0) resource.vault_policy = policies;
  if (Object.keys(roles).length > 0) resource.vault_kubernetes_auth_backend_role = roles;
  return resource;
}
