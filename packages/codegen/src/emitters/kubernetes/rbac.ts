import { MANAGED_BY, type Manifest } from './manifest.js';

/** Name of the Role (and RoleBinding) that lets a service's ServiceAccount get its own Secrets. */
export function readerRoleName(service: string): string {
  return `${service}-secrets-reader`;
}

/**
 * A Role granting `get` on exactly the service's own target Secrets, and its RoleBinding to the
 * service's ServiceAccount. Never call this with no Secrets: an empty `resourceNames` means "all".
 */
export function secretReaderRbac(
  namespace: string,
  service: string,
  serviceAccount: string,
  secretNames: readonly string[],
): Manifest[] {
  if (secretNames.length === 0) throw new Error(`secretReaderRbac: "${service}" has no Secrets to grant`);
  const name = readerRoleName(service);
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace, labels: MANAGED_BY },
      rules: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: [...secretNames].sort(), verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace, labels: MANAGED_BY },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
    },
  ];
}
