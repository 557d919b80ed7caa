import { type KubernetesObject, namespaceOf, providerOf } from './external-secret-stores.js';
import {
  addSecret,
  environmentIn,
  type FallbackEnvironment,
  guessProject,
  type ImportedCatalog,
  splitStorePath,
  toName,
} from './model.js';

interface RemoteRef {
  readonly key?: unknown;
  readonly property?: unknown;
}
interface ExternalSecretDoc extends KubernetesObject {
  readonly metadata?: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly labels?: Record<string, unknown>;
    readonly annotations?: Record<string, unknown>;
  };
  readonly spec?: {
    readonly target?: { readonly name?: unknown };
    readonly data?: readonly { readonly secretKey?: unknown; readonly remoteRef?: RemoteRef }[];
    readonly dataFrom?: readonly { readonly extract?: RemoteRef }[];
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * ExternalSecret manifests (external-secrets.io v1 and v1beta1), already parsed: each
 * `remoteRef.key` becomes a secret, each `secretKey` an env var (a field when `property` is set),
 * the owning service a reader. The provider comes from the referenced store when its manifest is
 * among the documents; the environment from the store path (`shop/prod/db`), else the namespace
 * (`shop-prod`), else the fallback. Whatever was not read is marked as a guess saying how it was chosen.
 */
export function importExternalSecrets(
  catalog: ImportedCatalog,
  documents: readonly KubernetesObject[],
  stores: ReadonlyMap<string, 'aws' | 'vault'>,
  fallback: FallbackEnvironment,
): number {
  let found = 0;
  for (const es of documents as readonly ExternalSecretDoc[]) {
    if (es?.kind !== 'ExternalSecret') continue;
    found += 1;
    const namespace = namespaceOf(es);
    const { provider, guess: providerGuess } = providerOf(es, stores);
    /** The environment of one store path, and the guess that explains it (undefined when read or given). */
    const environmentOf = (key: string): { name: string; guess?: string } => {
      const fromPath = splitStorePath(key).environment;
      if (fromPath) return { name: fromPath };
      const fromNamespace = environmentIn(namespace);
      if (fromNamespace)
        return { name: fromNamespace, guess: `environment ${fromNamespace} from namespace ${namespace}` };
      if (fallback.given) return { name: fallback.name };
      return {
        name: fallback.name,
        guess: `environment ${fallback.name}: neither "${key}" nor namespace ${namespace} names one (the default; pass --env to choose)`,
      };
    };
    const guessesFor = (key: string): string[] =>
      [providerGuess, environmentOf(key).guess].filter((g): g is string => g !== undefined);
    const refs = (es.spec?.data ?? []).map((d) => ({
      key: str(d.remoteRef?.key),
      // A Vault string secret is stored as { value }: the runtime's convention, not a field.
      property:
        provider === 'vault' && str(d.remoteRef?.property) === 'value'
          ? null
          : (str(d.remoteRef?.property) ?? null),
      env: str(d.secretKey),
    }));
    const service = serviceOf(
      es,
      refs.map((r) => (r.key ? splitStorePath(r.key).secret : '')),
    );
    catalog.services.set(service, `from ExternalSecret ${str(es.metadata?.name) ?? '?'}`);
    for (const ref of refs) {
      if (!ref.key || !ref.env) continue;
      const key = ref.key;
      const parts = splitStorePath(key);
      guessProject(catalog, parts.project, `"${key}"`);
      const secret = addSecret(catalog, parts.secret, environmentOf(key).name, key, () => ({
        provider,
        fields: [],
        guesses: guessesFor(key),
      }));
      secret.readers.add(service);
      if (!secret.fields.some((f) => f.env === ref.env)) {
        secret.fields.push({ property: ref.property, env: ref.env, type: 'string' });
      }
    }
    for (const from of es.spec?.dataFrom ?? []) {
      const key = str(from.extract?.key);
      if (!key) continue;
      const parts = splitStorePath(key);
      const secret = addSecret(catalog, parts.secret, environmentOf(key).name, key, () => ({
        provider,
        fields: [
          { property: null, env: toName(parts.secret).toUpperCase().replace(/-/g, '_'), type: 'string' },
        ],
        guesses: [
          ...guessesFor(key),
          'dataFrom.extract copies every property: list them under schema.properties',
        ],
      }));
      secret.readers.add(service);
    }
  }
  return found;
}

/**
 * The reading service: Locksmith's own annotation, else the app label, else the target name
 * without a trailing `-<secret>` or `-secrets`.
 */
function serviceOf(es: ExternalSecretDoc, secrets: readonly string[]): string {
  const annotated =
    str(es.metadata?.annotations?.['locksmith.dev/service']) ??
    str(es.metadata?.labels?.['app.kubernetes.io/name']);
  if (annotated) return toName(annotated);
  let name = str(es.spec?.target?.name) ?? str(es.metadata?.name) ?? 'app';
  for (const secret of secrets)
    if (secret && name.endsWith(`-${secret}`)) name = name.slice(0, -secret.length - 1);
  return toName(name.replace(/-(secrets?|env|config)$/, ''));
}
