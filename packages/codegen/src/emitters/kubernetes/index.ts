import type { Catalog } from '@locksmith/schema';
import {
  CONTROLLER,
  deployedEnvironments,
  namespaceFor,
  readsIn,
  servicesIn,
} from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { sortFiles } from '../../generated-file.js';
import { headerComment } from '../../header.js';
import { externalSecret, targetName } from './external-secret.js';
import { type Manifest, yamlDocuments } from './manifest.js';
import { secretReaderRbac } from './rbac.js';
import { serviceAccount } from './service-account.js';
import { stores } from './stores.js';

export { targetName } from './external-secret.js';
export type { Manifest } from './manifest.js';

/**
 * Per environment: `kubernetes/<env>/stores.yaml` (the ESO stores and the ServiceAccount they
 * authenticate as) and `kubernetes/<env>/<service>.yaml` (ServiceAccount, Role, RoleBinding and one
 * ExternalSecret per secret the service reads there).
 */
export function emitKubernetes(catalog: Catalog): GeneratedFile[] {
  const header = headerComment(catalog, 'hash');
  const files: GeneratedFile[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    const namespace = namespaceFor(catalog, env);
    const storeManifests = stores(catalog, env, namespace);
    if (storeManifests.length > 0) {
      files.push({
        path: `kubernetes/${env}/stores.yaml`,
        contents: yamlDocuments(header, [
          serviceAccount(catalog, env, namespace, CONTROLLER, CONTROLLER),
          ...storeManifests,
        ]),
      });
    }
    for (const service of servicesIn(catalog, env)) {
      const placed = readsIn(catalog, service, env);
      const manifests: Manifest[] = [
        serviceAccount(catalog, env, namespace, service.serviceAccount, service.name),
      ];
      if (placed.length > 0) {
        const targets = placed.map((p) => targetName(service.name, p.secret.name));
        manifests.push(...secretReaderRbac(namespace, service.name, service.serviceAccount, targets));
        manifests.push(...placed.map((p) => externalSecret(catalog, namespace, service.name, p)));
      }
      files.push({
        path: `kubernetes/${env}/${service.name}.yaml`,
        contents: yamlDocuments(header, manifests),
      });
    }
  }
  return sortFiles(files);
}
