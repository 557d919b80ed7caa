import type { Catalog, Service } from '@locksmith/schema';
import { namespaceFor, readsIn, roleArnFor } from '../../catalog-queries.js';
import { MANAGED_BY, type Manifest } from './manifest.js';

/**
 * The service's ServiceAccount; when it reads AWS secrets in the environment it carries the IRSA
 * annotation naming the role whose policy is `iam/<env>/<service>.json`.
 */
export function serviceAccount(catalog: Catalog, env: string, service: Service): Manifest {
  const readsAws = readsIn(catalog, service, env, 'aws').length > 0;
  const annotations = readsAws
    ? { 'eks.amazonaws.com/role-arn': roleArnFor(catalog, env, service.name) }
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: service.serviceAccount,
      namespace: namespaceFor(catalog, env, service.name),
      labels: MANAGED_BY,
      ...(annotations ? { annotations } : {}),
    },
  };
}
