import { type Document, isMap, parseDocument } from 'yaml';
import { usageError } from '../errors.js';
import type { ImportedCatalog } from './model.js';
import type { NameTemplates } from './write.js';

/** What an import must know about the catalog it extends: its names, never its contents. */
export interface ExistingCatalog {
  readonly text: string;
  /** Parsed with comments and source ranges, to find where new entries go. */
  readonly doc: Document.Parsed;
  readonly project: string | undefined;
  readonly environments: readonly string[];
  readonly services: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
  /** Env var name → the secret that already declares it. */
  readonly envVars: ReadonlyMap<string, string>;
  readonly providers: Pick<ImportedCatalog, 'aws' | 'vault'>;
  readonly templates: NameTemplates;
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads the names an existing catalog file declares. A file that is not YAML is a usage error. */
export function readExisting(file: string, source: string): ExistingCatalog {
  const doc = parseDocument(source);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    const where = doc.errors[0]?.linePos?.[0];
    throw usageError(
      `import: ${file}${where ? `:${where.line}:${where.col}` : ''} is not a YAML catalog; fix it before extending it.`,
    );
  }
  const root = record(doc.toJS());
  const secrets = record(root['secrets']);
  const providers = record(root['providers']);
  const aws = record(providers['aws']);
  const vault = record(providers['vault']);
  const envVars = new Map<string, string>();
  for (const [name, secret] of Object.entries(secrets)) {
    const schema = record(record(secret)['schema']);
    const fields = [schema, ...Object.values(record(schema['properties'])).map(record)];
    for (const field of fields) {
      const env = text(field['env']);
      if (env) envVars.set(env, name);
    }
  }
  const awsTemplate = text(aws['name']);
  const vaultTemplate = text(vault['path']);
  return {
    text: source,
    doc,
    project: text(root['project']),
    environments: (Array.isArray(root['environments']) ? root['environments'] : [])
      .map((e: unknown) => text(e) ?? text(record(e)['name']))
      .filter((e): e is string => e !== undefined),
    services: new Set(Object.keys(record(root['services']))),
    secrets: new Set(Object.keys(secrets)),
    envVars,
    providers: {
      ...('aws' in providers
        ? { aws: { region: text(aws['region']) ?? 'us-east-1', accountId: text(aws['accountId']) } }
        : {}),
      ...('vault' in providers ? { vault: { mount: text(vault['mount']) ?? 'secret' } } : {}),
    },
    templates: {
      ...(awsTemplate ? { aws: awsTemplate } : {}),
      ...(vaultTemplate ? { vault: vaultTemplate } : {}),
    },
  };
}
