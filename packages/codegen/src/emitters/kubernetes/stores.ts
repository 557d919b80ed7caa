import type { Catalog, StoreRef } from '@locksmith/schema';
import { fillTemplate } from '@locksmith/schema';
import { CONTROLLER, placementsIn, templateValues } from '../../catalog-queries.js';
import { esoVaultAuthMount } from '../vault/auth-mount.js';
import { MANAGED_BY, type Manifest } from './manifest.js';

/**
 * Vault's address is not part of the catalog; this is the in-cluster address of the official
 * Helm chart. Patch it (e.g. with kustomize) when Vault lives elsewhere.
 */
export const VAULT_SERVER_PLACEHOLDER = 'https://vault.vault.svc:8200';

/** The ESO stores an environment needs: one per provider that holds a secret there. */
export function stores(catalog: Catalog, env: string, namespace: string): Manifest[] {
  const manifests: Manifest[] = [];
  const { aws, vault } = catalog.providers;
  const apiVersion = catalog.kubernetes.apiVersion;
  const saRef = (ref: StoreRef) =>
    ref.kind === 'ClusterSecretStore' ? { name: CONTROLLER, namespace } : { name: CONTROLLER };

  if (aws && placementsIn(catalog, env, 'aws').length > 0) {
    const ref = catalog.kubernetes.stores.aws;
    manifests.push({
      apiVersion,
      kind: ref.kind,
      metadata: storeMetadata(ref, namespace),
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: aws.region,
            auth: { jwt: { serviceAccountRef: saRef(ref) } },
          },
        },
      },
    });
  }
  if (vault && placementsIn(catalog, env, 'vault').length > 0) {
    const ref = catalog.kubernetes.stores.vault;
    manifests.push({
      apiVersion,
      kind: ref.kind,
      metadata: storeMetadata(ref, namespace),
      spec: {
        provider: {
          vault: {
            server: VAULT_SERVER_PLACEHOLDER,
            path: vault.mount,
            version: 'v2',
            ...(vault.namespace === undefined ? {} : { namespace: vault.namespace }),
            auth: {
              kubernetes: {
                mountPath: esoVaultAuthMount(vault),
                role: fillTemplate(vault.auth.roleTemplate, templateValues(catalog, env, CONTROLLER)),
                serviceAccountRef: saRef(ref),
              },
            },
          },
        },
      },
    });
  }
  return manifests;
}

function storeMetadata(ref: StoreRef, namespace: string) {
  return ref.kind === 'ClusterSecretStore'
    ? { name: ref.name, labels: MANAGED_BY }
    : { name: ref.name, namespace, labels: MANAGED_BY };
}
