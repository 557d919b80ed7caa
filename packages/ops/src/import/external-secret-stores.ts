/**
 * Which store an ExternalSecret reads from, decided from the parsed manifests: the SecretStore or
 * ClusterSecretStore it references says `spec.provider.aws` or `spec.provider.vault`. Only when
 * that store is not among the files is the provider guessed, from the store's name, and the
 * guess says so.
 */

/** A parsed Kubernetes object, as far as the importer reads it. */
export interface KubernetesObject {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly spec?: unknown;
}

/** A store an ExternalSecret names: `spec.secretStoreRef`. */
export interface StoreRef {
  readonly name?: unknown;
  readonly kind?: unknown;
}

/** The provider of one ExternalSecret, and how it was found (undefined `guess`: read from its store). */
export interface StoreProvider {
  readonly provider: 'aws' | 'vault';
  readonly guess: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `ClusterSecretStore/name` or `SecretStore/namespace/name`: how Kubernetes resolves a store reference. */
function storeKey(kind: string, namespace: string, name: string): string {
  return kind === 'ClusterSecretStore' ? `${kind}/${name}` : `SecretStore/${namespace}/${name}`;
}

/** The AWS Secrets Manager and Vault stores declared in the documents, by {@link storeKey}. */
export function storesIn(documents: readonly KubernetesObject[]): Map<string, 'aws' | 'vault'> {
  const stores = new Map<string, 'aws' | 'vault'>();
  for (const doc of documents) {
    const kind = str(doc.kind);
    const name = str(doc.metadata?.name);
    if ((kind !== 'SecretStore' && kind !== 'ClusterSecretStore') || !name) continue;
    const provider = (doc.spec as { provider?: Record<string, unknown> } | undefined)?.provider ?? {};
    const found = provider.vault ? 'vault' : provider.aws ? 'aws' : undefined;
    if (found) stores.set(storeKey(kind, str(doc.metadata?.namespace) ?? 'default', name), found);
  }
  return stores;
}

/** The namespace of a namespaced object (Kubernetes' `default` when it names none). */
export function namespaceOf(doc: KubernetesObject): string {
  return str(doc.metadata?.namespace) ?? 'default';
}

/** The provider of an ExternalSecret: its `spec.secretStoreRef`, resolved in its namespace. */
export function providerOf(
  externalSecret: KubernetesObject,
  stores: ReadonlyMap<string, 'aws' | 'vault'>,
): StoreProvider {
  const ref = (externalSecret.spec as { secretStoreRef?: StoreRef } | undefined)?.secretStoreRef;
  const namespace = namespaceOf(externalSecret);
  const name = str(ref?.name) ?? '';
  const kind = str(ref?.kind) ?? 'SecretStore';
  const known = stores.get(storeKey(kind, namespace, name));
  if (known) return { provider: known, guess: undefined };
  const provider = /vault/i.test(name) ? 'vault' : 'aws';
  const why = provider === 'vault' ? 'its name says vault' : 'its name does not say vault';
  return {
    provider,
    guess: `provider ${provider}: the ${kind} "${name}" is not in the given files and ${why}`,
  };
}
