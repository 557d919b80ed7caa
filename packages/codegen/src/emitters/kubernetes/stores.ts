import type { Catalog, ProviderName, Service } from '@locksmith/schema';
import { namespaceFor, storeNameFor, vaultNamesFor } from '../../catalog-queries.js';
import { esoVaultAuthMount } from '../vault/auth-mount.js';
import { MANAGED_BY, type Manifest } from './manifest.js';

/**
 * Vault's address is not part of the catalog; this is the in-cluster address of the official
 * Helm chart. Patch it (e.g. with kustomize) when Vault lives elsewhere.
 */
export const VAULT_SERVER_PLACEHOLDER = 'https://vault.vault.svc:8200';

/**
 * The ESO store one service reads `provider` through in one environment, authenticated as the
 * service itself: AWS through IRSA (the role annotated on the service's ServiceAccount), Vault
 * through the service's own Kubernetes-auth role. The controller never holds a role of its own
 * that could read another service's secrets. A ClusterSecretStore is restricted with
 * `spec.conditions` to the service's namespace, so no other namespace can use it.
 */
export function storeFor(catalog: Catalog, provider: ProviderName, env: string, service: Service): Manifest {
  const settings = catalog.kubernetes.stores[provider];
  const namespace = namespaceFor(catalog, env, service.name);
  const cluster = settings.kind === 'ClusterSecretStore';
  const account = { name: service.serviceAccount, ...(cluster ? { namespace } : {}) };
  const name = storeNameFor(catalog, provider, env, service.name);
  return {
    apiVersion: catalog.kubernetes.apiVersion,
    kind: settings.kind,
    metadata: {
      name,
      ...(cluster ? {} : { namespace }),
      labels: MANAGED_BY,
      annotations: { 'locksmith.dev/service': service.name },
    },
    spec: {
      ...(cluster ? { conditions: [{ namespaces: [namespace] }] } : {}),
      provider:
        provider === 'aws' ? awsProvider(catalog, account) : vaultProvider(catalog, env, service, account),
    },
  };
}

function awsProvider(catalog: Catalog, account: object): object {
  return {
    aws: {
      service: 'SecretsManager',
      region: catalog.providers.aws?.region,
      auth: { jwt: { serviceAccountRef: account } },
    },
  };
}

function vaultProvider(catalog: Catalog, env: string, service: Service, account: object): object {
  const vault = catalog.providers.vault!;
  return {
    vault: {
      server: VAULT_SERVER_PLACEHOLDER,
      path: vault.mount,
      version: 'v2',
      ...(vault.namespace === undefined ? {} : { namespace: vault.namespace }),
      auth: {
        kubernetes: {
          mountPath: esoVaultAuthMount(vault),
          role: vaultNamesFor(catalog, env, service.name)!.role,
          serviceAccountRef: { ...account, audiences: [vault.auth.audience] },
        },
      },
    },
  };
}
