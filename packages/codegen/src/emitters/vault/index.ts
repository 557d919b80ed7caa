import type { Catalog } from '@locksmith/schema';
import { fillTemplate } from '@locksmith/schema';
import {
  CONTROLLER,
  deployedEnvironments,
  namespaceFor,
  placementsIn,
  readsIn,
  servicesIn,
  templateValues,
} from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { sortFiles } from '../../generated-file.js';
import { headerComment, headerText } from '../../header.js';
import { jsonFile } from '../../text.js';
import { esoVaultAuthMount } from './auth-mount.js';
import { vaultPolicyHcl } from './policy.js';

/** One Kubernetes-auth role as Vault's `auth/<mount>/role/<name>` endpoint takes it. */
interface KubernetesRole {
  readonly bound_service_account_names: readonly string[];
  readonly bound_service_account_namespaces: readonly string[];
  readonly token_policies: readonly string[];
}

/**
 * Per environment: `vault/<env>/<service>.hcl` for every service that reads a Vault secret there,
 * `vault/<env>/external-secrets-controller.hcl` for ESO, and `vault/<env>/kubernetes-roles.json`
 * binding each ServiceAccount to its policy (only ESO's when services use another auth method).
 */
export function emitVault(catalog: Catalog): GeneratedFile[] {
  const vault = catalog.providers.vault;
  if (!vault) return [];
  const files: GeneratedFile[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    const namespace = namespaceFor(catalog, env);
    const roles: Record<string, KubernetesRole> = {};
    const principals = servicesIn(catalog, env).map((s) => ({
      name: s.name,
      serviceAccount: s.serviceAccount,
      placed: readsIn(catalog, s, env, 'vault'),
    }));
    principals.push({
      name: CONTROLLER,
      serviceAccount: CONTROLLER,
      placed: placementsIn(catalog, env, 'vault').filter((p) => p.placement.readers.length > 0),
    });
    for (const principal of principals) {
      if (principal.placed.length === 0) continue;
      const values = templateValues(catalog, env, principal.name);
      const policy = fillTemplate(vault.auth.policyTemplate, values);
      files.push({
        path: `vault/${env}/${principal.name}.hcl`,
        contents: vaultPolicyHcl(
          `${headerComment(catalog, 'hash')}# Vault policy "${policy}"\n`,
          principal.placed,
        ),
      });
      // ESO always logs in with Kubernetes auth; services do only when the catalog says so.
      if (vault.auth.method !== 'kubernetes' && principal.name !== CONTROLLER) continue;
      roles[fillTemplate(vault.auth.roleTemplate, values)] = {
        bound_service_account_names: [principal.serviceAccount],
        bound_service_account_namespaces: [namespace],
        token_policies: [policy],
      };
    }
    if (Object.keys(roles).length > 0) {
      files.push({
        path: `vault/${env}/kubernetes-roles.json`,
        contents: jsonFile({
          '//': headerText(catalog),
          authMount: esoVaultAuthMount(vault),
          roles: sortKeys(roles),
        }),
      });
    }
  }
  return sortFiles(files);
}

function sortKeys<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
