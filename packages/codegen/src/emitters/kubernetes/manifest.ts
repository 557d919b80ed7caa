import { stringify } from 'yaml';

/** A Kubernetes object as plain data; keys are written in insertion order. */
export type Manifest = { readonly apiVersion: string; readonly kind: string } & Readonly<
  Record<string, unknown>
>;

/** Label on every object locksmith emits, so `kubectl get -l` finds them all. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'locksmith' } as const;

/**
 * A multi-document YAML file: header comment, then each manifest separated by `---`.
 * `lineWidth: 0` stops the writer from folding long strings, so output does not depend on lengths.
 */
export function yamlDocuments(header: string, manifests: readonly Manifest[]): string {
  const docs = manifests.map((m) => stringify(m, { lineWidth: 0, aliasDuplicateObjects: false }));
  return `${header}${docs.map((doc) => `---\n${doc}`).join('')}`;
}
