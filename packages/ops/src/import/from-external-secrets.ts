import { parseAllDocuments } from 'yaml';
import {
  addSecret,
  environmentIn,
  guessProject,
  type ImportedCatalog,
  splitStorePath,
  toName,
} from './model.js';

interface RemoteRef {
  readonly key?: unknown;
  readonly property?: unknown;
}
interface ExternalSecretDoc {
  readonly kind?: unknown;
  readonly metadata?: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly labels?: Record<string, unknown>;
    readonly annotations?: Record<string, unknown>;
  };
  readonly spec?: {
    readonly secretStoreRef?: { readonly name?: unknown };
    readonly target?: { readonly name?: unknown };
    readonly data?: readonly { readonly secretKey?: unknown; readonly remoteRef?: RemoteRef }[];
    readonly dataFrom?: readonly { readonly extract?: RemoteRef }[];
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * ExternalSecret manifests (external-secrets.io v1 and v1beta1): each `remoteRef.key` becomes a
 * secret, each `secretKey` an env var (a field when `property` is set), the owning service a
 * reader. Store kind, environment and service are guesses from names and are marked as such.
 */
export function importExternalSecrets(catalog: ImportedCatalog, text: string, fallbackEnv: string): number {
  let found = 0;
  for (const doc of parseAllDocuments(text)) {
    const es = doc.toJS() as ExternalSecretDoc | null;
    if (es?.kind !== 'ExternalSecret') continue;
    found += 1;
    const namespace = str(es.metadata?.namespace) ?? 'default';
    const environment = environmentIn(namespace) ?? fallbackEnv;
    const storeName = str(es.spec?.secretStoreRef?.name) ?? '';
    const provider = /vault/i.test(storeName) ? 'vault' : 'aws';
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
      const parts = splitStorePath(ref.key);
      guessProject(catalog, parts.project, `"${ref.key}"`);
      const secret = addSecret(catalog, parts.secret, environment, ref.key, () => ({
        provider,
        fields: [],
        guesses: [
          `provider ${provider} from the store "${storeName}"; environment ${environment} from namespace ${namespace}`,
        ],
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
      const secret = addSecret(catalog, parts.secret, environment, key, () => ({
        provider,
        fields: [
          { property: null, env: toName(parts.secret).toUpperCase().replace(/-/g, '_'), type: 'string' },
        ],
        guesses: ['dataFrom.extract copies every property: list them under schema.properties'],
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
