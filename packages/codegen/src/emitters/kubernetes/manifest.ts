import { createRequire } from 'node:module';
import { plainYaml } from './plain-yaml.js';

/** A Kubernetes object as plain data; keys are written in insertion order. */
export type Manifest = { readonly apiVersion: string; readonly kind: string } & Readonly<
  Record<string, unknown>
>;

/** Label on every object locksmith emits, so `kubectl get -l` finds them all. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'locksmith' } as const;

/** The yaml library, loaded only when a manifest needs it (most never do). */
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml'));
let yamlModule: typeof import('yaml') | undefined;

/** `lineWidth: 0` stops the writer from folding long strings, so output does not depend on lengths. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * A multi-document YAML file: header comment, then each manifest separated by `---`. Manifests
 * made of plain names, keys and integers (nearly all of them) take the fast writer; the others
 * go through the yaml library, with the same bytes either way.
 */
export function yamlDocuments(header: string, manifests: readonly Manifest[]): string {
  const docs = manifests.map((m) => plainYaml(m) ?? yaml().stringify(m, YAML_OPTIONS));
  return `${header}${docs.map((doc) => `---\n${doc}`).join('')}`;
}
