import type { Catalog } from '@locksmith/schema';
import { type PlacedSecret, storeNameFor } from '../../catalog-queries.js';
import { compareStrings } from '../../generated-file.js';
import { goDuration } from '../../text.js';
import { MANAGED_BY, type Manifest } from './manifest.js';

/** Name of the ExternalSecret and of the Kubernetes Secret it creates for one (service, secret). */
export function targetName(service: string, secret: string): string {
  return `${service}-${secret}`;
}

/**
 * The ExternalSecret that copies one secret into one service's own Kubernetes Secret, one key per
 * env var, through the service's own store. A string secret has no property in AWS (the whole
 * SecretString); in Vault it is stored under the field `value`, the convention the runtime uses
 * too. The Secret is owned by the ExternalSecret (deleted with it) and kept if the store entry
 * disappears (`deletionPolicy: Retain`), so a store outage never takes a running service's
 * Secret away.
 */
export function externalSecret(
  catalog: Catalog,
  namespace: string,
  environment: string,
  service: string,
  placed: PlacedSecret,
): Manifest {
  const { secret, placement } = placed;
  const store = catalog.kubernetes.stores[placement.provider];
  const storeName = storeNameFor(catalog, placement.provider, environment, service);
  const data = secret.fields
    .map((field) => {
      const property = field.name ?? (placement.provider === 'vault' ? 'value' : undefined);
      return {
        secretKey: field.env,
        remoteRef: { key: placement.path, ...(property === undefined ? {} : { property }) },
      };
    })
    .sort((a, b) => compareStrings(a.secretKey, b.secretKey));
  const name = targetName(service, secret.name);
  return {
    apiVersion: catalog.kubernetes.apiVersion,
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace,
      labels: MANAGED_BY,
      annotations: { 'locksmith.dev/service': service, 'locksmith.dev/secret': secret.name },
    },
    spec: {
      refreshInterval: goDuration(catalog.kubernetes.refreshInterval.ms),
      secretStoreRef: { name: storeName, kind: store.kind },
      target: { name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data,
    },
  };
}
