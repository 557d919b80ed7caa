import type { Catalog, Service } from '@locksmith/schema';
import { namespaceFor, readsIn, vaultNamesFor } from '../../catalog-queries.js';

/** One Kubernetes-auth role as Vault's `auth/<mount>/role/<name>` endpoint takes it. */
export interface KubernetesRole {
  readonly bound_service_account_names: readonly string[];
  readonly bound_service_account_namespaces: readonly string[];
  readonly token_policies: readonly string[];
  /** The `aud` a service-account token must carry to log in. */
  readonly audience: string;
  /** Seconds. */
  readonly token_ttl: number;
}

/**
 * The Kubernetes-auth role of a service in an environment, or `undefined` when it needs none: it
 * reads no Vault secret there, or it logs in another way and ESO does not read for it. ESO's
 * store for the service logs in with this role too, as the service's own ServiceAccount.
 */
export function kubernetesRoleFor(
  catalog: Catalog,
  env: string,
  service: Service,
): { readonly name: string; readonly role: KubernetesRole } | undefined {
  const vault = catalog.providers.vault;
  const names = vaultNamesFor(catalog, env, service.name);
  if (!vault || !names || readsIn(catalog, service, env, 'vault').length === 0) return undefined;
  if (vault.auth.method !== 'kubernetes' && !service.externalSecrets) return undefined;
  return {
    name: names.role,
    role: {
      bound_service_account_names: [service.serviceAccount],
      bound_service_account_namespaces: [namespaceFor(catalog, env, service.name)],
      token_policies: [names.policy],
      audience: vault.auth.audience,
      token_ttl: Math.max(1, Math.round(vault.auth.tokenTtl.ms / 1000)),
    },
  };
}
