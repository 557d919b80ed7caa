import { type Catalog, fillTemplate } from '@locksmith/schema';
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
 * Gives every service the Vault login and policy the catalog implies for `environment`: a
 * policy that reads (current and metadata, for previous versions) exactly the Vault secrets the
 * service reads, and a Kubernetes role bound to its service account and namespace, or an
 * AppRole. Mirrors what codegen emits, so a demo can log in as each service.
 */
export function seedVaultAuth(vault: FakeVault, catalog: Catalog, environment: string): ServiceVaultLogin[] {
  const provider = catalog.providers.vault;
  if (!provider) return [];
  const logins: ServiceVaultLogin[] = [];
  for (const service of catalog.services) {
    if (!service.environments.includes(environment)) continue;
    const vars = { project: catalog.project, env: environment, service: service.name };
    const role = fillTemplate(provider.auth.roleTemplate, vars);
    const policy = fillTemplate(provider.auth.policyTemplate, vars);
    const rules: string[] = [];
    for (const secret of catalog.secrets) {
      const placement = secret.placements.find(
        (p) => p.environment === environment && p.provider === 'vault',
      );
      if (!placement?.readers.includes(service.name)) continue;
      const mount = placement.mount ?? provider.mount;
      rules.push(`path "${mount}/data/${placement.path}" { capabilities = ["read"] }`);
      rules.push(`path "${mount}/metadata/${placement.path}" { capabilities = ["read"] }`);
    }
    vault.setPolicy(policy, rules.join('\n'));
    if (provider.auth.method === 'approle') {
      const { roleId, secretId } = vault.addAppRole(role, { policies: [policy], mount: provider.auth.mount });
      logins.push({ service: service.name, role, policy, roleId, secretId });
    } else {
      vault.addKubernetesRole(role, {
        boundServiceAccountNames: [service.serviceAccount],
        boundServiceAccountNamespaces: [fillTemplate(catalog.kubernetes.namespaceTemplate, vars)],
        policies: [policy],
        mount: provider.auth.mount,
      });
      logins.push({ service: service.name, role, policy });
    }
  }
  return logins;
}
