import { createHash } from 'node:crypto';
import { fillTemplate } from './descriptor.js';
import { parseDuration } from './duration.js';
import { defaultEnvName } from './env-names.js';
import type {
  LocksmithCatalog,
  AwsProvider as RawAws,
  Environment as RawEnvironment,
  Secret as RawSecret,
  VaultProvider as RawVault,
} from './generated/catalog-types.js';
import type {
  AwsProvider,
  Catalog,
  Environment,
  GenerateRule,
  JsonSchema,
  KubernetesDefaults,
  Placement,
  ScalarType,
  Secret,
  SecretField,
  Service,
  VaultProvider,
} from './model.js';
import { partitionOf } from './names/aws.js';
import { pointerOf } from './source/pointer.js';

const LOCKSMITH_KEYWORDS = new Set(['env', 'generate']);
const DEFAULT_TEMPLATE = '{project}/{env}/{secret}';

/**
 * Applies defaults and resolves every template, producing the model emitters and the runtime
 * read. It trusts the meta-schema's shape checks and tolerates semantic mistakes (unknown
 * readers, unconfigured providers); the rules report those separately.
 */
export function normalise(raw: LocksmithCatalog, file: string): Catalog {
  const environments = raw.environments.map(normaliseEnvironment);
  const envNames = environments.map((e) => e.name);
  const aws = raw.providers.aws ? normaliseAws(raw.providers.aws) : undefined;
  const vault = raw.providers.vault ? normaliseVault(raw.providers.vault) : undefined;

  const serviceEnvs = new Map<string, readonly string[]>();
  for (const [name, s] of Object.entries(raw.services)) {
    serviceEnvs.set(name, s.environments ? envNames.filter((e) => s.environments?.includes(e)) : envNames);
  }

  const secrets: Secret[] = Object.entries(raw.secrets)
    .map(([name, s]) => normaliseSecret(raw.project, name, s, envNames, serviceEnvs, aws, vault))
    .sort(byName);

  const reads = new Map<string, string[]>();
  for (const secret of secrets) {
    for (const reader of secret.readers) reads.set(reader, [...(reads.get(reader) ?? []), secret.name]);
  }
  const services: Service[] = Object.entries(raw.services)
    .map(([name, s]) => ({
      name,
      description: s.description,
      owner: s.owner,
      serviceAccount: s.serviceAccount ?? name,
      environments: serviceEnvs.get(name) ?? envNames,
      languages: [...(s.languages ?? ['ts'])].sort(),
      externalSecrets: s.externalSecrets ?? true,
      reads: reads.get(name) ?? [],
    }))
    .sort(byName);

  const k8s = raw.kubernetes ?? {};
  const kubernetes: KubernetesDefaults = {
    namespaceTemplate: k8s.namespace ?? '{project}',
    refreshInterval: parseDuration(k8s.refreshInterval ?? '1h'),
    apiVersion: k8s.apiVersion ?? 'external-secrets.io/v1',
    stores: {
      aws: {
        nameTemplate: k8s.stores?.aws?.name ?? '{service}-aws-{env}',
        kind: k8s.stores?.aws?.kind ?? 'SecretStore',
      },
      vault: {
        nameTemplate: k8s.stores?.vault?.name ?? '{service}-vault-{env}',
        kind: k8s.stores?.vault?.kind ?? 'SecretStore',
      },
    },
    iamRoleArnTemplate: k8s.iamRoleArn ?? 'arn:{partition}:iam::{accountId}:role/{project}-{env}-{service}',
  };

  const body = {
    version: 1 as const,
    project: raw.project,
    environments,
    providers: { aws, vault },
    kubernetes,
    services,
    secrets,
  };
  return { file, hash: hashOf(body), ...body };
}

function normaliseEnvironment(entry: string | RawEnvironment): Environment {
  const env = typeof entry === 'string' ? { name: entry } : entry;
  return {
    name: env.name,
    source: env.source ?? 'store',
    production: env.production ?? (env.name === 'prod' || env.name === 'production'),
  };
}

function normaliseAws(aws: RawAws): AwsProvider {
  return {
    region: aws.region,
    accountId: aws.accountId,
    partition: partitionOf(aws.region),
    nameTemplate: aws.name ?? DEFAULT_TEMPLATE,
    kmsKeyId: aws.kmsKeyId,
    recoveryWindowDays: aws.recoveryWindowDays ?? 30,
    rotationLambdaArn: aws.rotationLambdaArn,
  };
}

function normaliseVault(vault: RawVault): VaultProvider {
  const method = vault.auth?.method ?? 'kubernetes';
  return {
    mount: vault.mount,
    pathTemplate: vault.path ?? DEFAULT_TEMPLATE,
    namespace: vault.namespace,
    maxVersions: vault.maxVersions ?? 0,
    auth: {
      method,
      mount: vault.auth?.mount ?? method,
      roleTemplate: vault.auth?.role ?? '{project}-{env}-{service}',
      policyTemplate: vault.auth?.policy ?? '{project}-{env}-{service}',
      audience: vault.auth?.audience ?? 'vault',
      tokenTtl: parseDuration(vault.auth?.tokenTtl ?? '1h'),
    },
  };
}

function normaliseSecret(
  project: string,
  name: string,
  raw: RawSecret,
  envNames: readonly string[],
  serviceEnvs: ReadonlyMap<string, readonly string[]>,
  aws: AwsProvider | undefined,
  vault: VaultProvider | undefined,
): Secret {
  const pointer = pointerOf('secrets', name);
  const schema = raw.schema as unknown as Record<string, unknown>;
  const readers = [...raw.readers].filter((r) => serviceEnvs.has(r)).sort();
  const environments = raw.environments ? envNames.filter((e) => raw.environments?.includes(e)) : envNames;

  const placements: Placement[] = environments.map((env) => {
    const override = raw.overrides?.[env];
    const provider = override?.provider ?? raw.provider;
    const template =
      override?.path ?? (provider === 'aws' ? aws?.nameTemplate : vault?.pathTemplate) ?? DEFAULT_TEMPLATE;
    const path = fillTemplate(template, { project, env, secret: name });
    return {
      environment: env,
      provider,
      path,
      arnPattern:
        provider === 'aws' && aws
          ? `arn:${aws.partition}:secretsmanager:${aws.region}:${aws.accountId}:secret:${path}-??????`
          : undefined,
      kmsKeyId: provider === 'aws' ? (override?.kmsKeyId ?? aws?.kmsKeyId) : undefined,
      mount: provider === 'vault' ? vault?.mount : undefined,
      readers: readers.filter((r) => serviceEnvs.get(r)?.includes(env)),
    };
  });

  const rotation = raw.rotation;
  return {
    name,
    description: raw.description,
    owner: raw.owner,
    provider: raw.provider,
    kind: schema.type === 'object' ? 'object' : 'string',
    schema: canonicalSchema(stripLocksmithKeywords(schema)) as JsonSchema,
    fields: fieldsOf(name, schema, `${pointer}/schema`),
    readers,
    rotation: {
      strategy: rotation?.strategy ?? 'manual',
      every: rotation?.every ? parseDuration(rotation.every) : undefined,
      overlap: rotation?.overlap ? parseDuration(rotation.overlap) : undefined,
    },
    cacheTtl: raw.cacheTtl ? parseDuration(raw.cacheTtl) : undefined,
    tags: sortedRecord(raw.tags ?? {}),
    placements,
    pointer,
  };
}

function fieldsOf(secret: string, schema: Record<string, unknown>, pointer: string): SecretField[] {
  if (schema.type !== 'object') return [fieldOf(secret, null, schema, pointer, true)];
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([field, fieldSchema]) =>
      fieldOf(secret, field, fieldSchema, `${pointer}/properties${pointerOf(field)}`, required.has(field)),
    );
}

function fieldOf(
  secret: string,
  name: string | null,
  schema: Record<string, unknown>,
  pointer: string,
  required: boolean,
): SecretField {
  const str = (key: string) => (typeof schema[key] === 'string' ? (schema[key] as string) : undefined);
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const def = schema.default;
  return {
    name,
    pointer,
    env: str('env') ?? defaultEnvName(secret, name),
    type: (schema.type as ScalarType | undefined) ?? 'string',
    required,
    description: str('description'),
    format: str('format'),
    pattern: str('pattern'),
    minLength: num('minLength'),
    maxLength: num('maxLength'),
    default: typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean' ? def : undefined,
    generate: generateRule(schema.generate as Record<string, unknown> | undefined),
  };
}

function generateRule(raw: Record<string, unknown> | undefined): GenerateRule | undefined {
  if (!raw) return undefined;
  const prefix = typeof raw.prefix === 'string' ? raw.prefix : '';
  switch (raw.kind) {
    case 'random':
      return {
        kind: 'random',
        bytes: (raw.bytes as number | undefined) ?? 32,
        encoding: (raw.encoding as 'base64' | 'base64url' | 'hex' | undefined) ?? 'base64url',
        prefix,
      };
    case 'password':
      return {
        kind: 'password',
        length: (raw.length as number | undefined) ?? 32,
        symbols: raw.symbols === true,
        prefix,
      };
    case 'template':
      return { kind: 'template', template: typeof raw.template === 'string' ? raw.template : '' };
    default:
      return { kind: 'uuid' };
  }
}

function stripLocksmithKeywords(schema: Record<string, unknown>): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (LOCKSMITH_KEYWORDS.has(key)) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, Record<string, unknown>>).map(([k, v]) => [
          k,
          stripLocksmithKeywords(v),
        ]),
      );
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The value schema with every object's keys in code-unit order and `required` sorted: key order
 * in YAML means nothing, so it must not change the hash, the descriptor or any generated file.
 * Other arrays (`enum`, `examples`) keep the order the author chose.
 */
function canonicalSchema(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalSchema(item));
    return key === 'required' ? [...items].sort() : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonicalSchema(v, k)]),
    );
  }
  return value;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Hash of the normalised content: formatting-only edits of the YAML do not change generated headers. */
function hashOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * Canonical JSON (sorted keys, no undefined), built as one string: V8 joins `+=` pieces without
 * copying until the string is used, which costs far less than handing each of the many small
 * pieces to a callback and the hash.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) continue; // as forEach did: a hole writes nothing, not even its comma
      text += `${i > 0 ? ',' : ''}${canonicalJson(value[i])}`;
    }
    return `${text}]`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let text = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      text += `${first ? '' : ','}${quotedKey(key)}:${canonicalJson(item)}`;
      first = false;
    }
    return `${text}}`;
  }
  return JSON.stringify(value);
}

/** Keys as JSON strings: a catalog repeats the same few dozen keys thousands of times. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size >= 10_000) quotedKeys.clear();
    quotedKeys.set(key, quoted);
  }
  return quoted;
}
