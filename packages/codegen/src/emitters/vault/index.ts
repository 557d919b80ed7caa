import type { Catalog } from '@locksmith/schema';
import { deployedEnvironments, readsIn, servicesIn, vaultNamesFor } from '../../catalog-queries.js';
import { hclComment } from '../../escape/hcl.js';
import { compareStrings, type GeneratedFile, sortFiles } from '../../generated-file.js';
import { headerComment, headerText } from '../../header.js';
import { jsonFile } from '../../text.js';
import { esoVaultAuthMount } from './auth-mount.js';
import { vaultPolicyHcl } from './policy.js';
import { type KubernetesRole, kubernetesRoleFor } from './roles.js';

export { type KubernetesRole, kubernetesRoleFor } from './roles.js';

/**
 * Per environment: `vault/<env>/<service>.hcl` for every service that reads a Vault secret there,
 * and `vault/<env>/kubernetes-roles.json` binding each such service's ServiceAccount (in its
 * namespace, with the token audience and TTL) to its policy. ESO's store for a service logs in
 * with the service's role, so there is no controller policy that could read everything.
 */
export function emitVault(catalog: Catalog): GeneratedFile[] {
  const vault = catalog.providers.vault;
  if (!vault) return [];
  const files: GeneratedFile[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    const roles: Array<[string, KubernetesRole]> = [];
    for (const service of servicesIn(catalog, env)) {
      const placed = readsIn(catalog, service, env, 'vault');
      if (placed.length === 0) continue;
      const { policy } = vaultNamesFor(catalog, env, service.name)!;
      files.push({
        path: `vault/${env}/${service.name}.hcl`,
        contents: vaultPolicyHcl(
          `${headerComment(catalog, 'hash')}# ${hclComment(`Vault policy "${policy}"`)}\n`,
          placed,
        ),
      });
      const role = kubernetesRoleFor(catalog, env, service);
      if (role) roles.push([role.name, role.role]);
    }
    if (roles.length > 0) {
      files.push({
        path: `vault/${env}/kubernetes-roles.json`,
        contents: jsonFile({
          '//': headerText(catalog),
          authMount: esoVaultAuthMount(vault),
          roles: Object.fromEntries(roles.sort(([a], [b]) => compareStrings(a, b))),
        }),
      });
    }
  }
  return sortFiles(files);
}
