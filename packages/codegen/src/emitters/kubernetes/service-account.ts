import type { Catalog } from '@locksmith/schema';
import { fillTemplate } from '@locksmith/schema';
import { templateValues } from '../../catalog-queries.js';
import { MANAGED_BY, type Manifest } from './manifest.js';

/**
 * A ServiceAccount; with an AWS provider it carries the IRSA annotation naming the role whose
 * policy is `iam/<env>/<principal>.json`.
 */
export function serviceAccount(
  catalog: Catalog,
  env: string,
  namespace: string,
  name: string,
  principal: string,
): Manifest {
  const annotations = catalog.providers.aws
    ? {
        'eks.amazonaws.com/role-arn': fillTemplate(
          catalog.kubernetes.iamRoleArnTemplate,
          templateValues(catalog, env, principal),
        ),
      }
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels: MANAGED_BY, ...(annotations ? { annotations } : {}) },
  };
}
