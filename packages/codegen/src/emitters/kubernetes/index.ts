import type { Catalog } from '@locksmith/schema';
import {
  deployedEnvironments,
  namespaceFor,
  providersReadIn,
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
import { storeFor } from './stores.js';

export { targetName } from './external-secret.js';
export type { Manifest } from './manifest.js';

/**
 * Per environment, `kubernetes/<env>/<service>.yaml`: the service's ServiceAccount, and unless the
 * service reads its store directly (`externalSecrets: false`), one ESO store per provider it reads
 * there (authenticated as the service), a Role and RoleBinding on exactly its target Secrets, and
 * one ExternalSecret per secret it reads there.
 */
export function emitKubernetes(catalog: Catalog): GeneratedFile[] {
  const header = headerComment(catalog, 'hash');
  const files: GeneratedFile[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    for (const service of servicesIn(catalog, env)) {
      const namespace = namespaceFor(catalog, env, service.name);
      const placed = readsIn(catalog, service, env);
      const manifests: Manifest[] = [serviceAccount(catalog, env, service)];
      if (service.externalSecrets && placed.length > 0) {
        manifests.push(
          ...providersReadIn(catalog, service, env).map((p) => storeFor(catalog, p, env, service)),
        );
        const targets = placed.map((p) => targetName(service.name, p.secret.name));
        manifests.push(...secretReaderRbac(namespace, service.name, service.serviceAccount, targets));
        manifests.push(...placed.map((p) => externalSecret(catalog, namespace, env, service.name, p)));
      }
      files.push({
        path: `kubernetes/${env}/${service.name}.yaml`,
        contents: yamlDocuments(header, manifests),
      });
    }
  }
  return sortFiles(files);
}
