import type {
  Catalog,
  JsonSchema,
  ProviderName,
  RotationStrategy,
  RuntimeSource,
  ScalarType,
  VaultAuthMethod,
} from './model.js';

/**
 * The slice of the catalog one service needs at runtime, as plain JSON. Codegen writes it
 * into each generated accessor module as a literal, and `@locksmith/sdk-node` consumes it,
 * so the runtime never has to read or validate the catalog file in production.
 */
export interface ServiceDescriptor {
  readonly project: string;
  readonly service: string;
  /** sha256 of the catalog this descriptor came from. */
  readonly catalogHash: string;
  readonly environments: Readonly<Record<string, EnvironmentDescriptor>>;
  readonly providers: ProvidersDescriptor;
  readonly secrets: Readonly<Record<string, SecretDescriptor>>;
}

export interface EnvironmentDescriptor {
  readonly source: RuntimeSource;
  readonly production: boolean;
}

export interface ProvidersDescriptor {
  readonly aws?: { readonly region: string; readonly accountId: string };
  readonly vault?: {
    readonly mount: string;
    readonly namespace?: string;
    readonly authMethod: VaultAuthMethod;
    readonly authMount: string;
    /** The Vault role this service logs in with, per environment. */
    readonly roles: Readonly<Record<string, string>>;
  };
}

export interface FieldDescriptor {
  /** `null` for a string secret's single value. */
  readonly name: string | null;
  readonly env: string;
  readonly type: ScalarType;
  readonly required: boolean;
  readonly default?: string | number | boolean;
}

export interface PlacementDescriptor {
  readonly provider: ProviderName;
  /** AWS secret name, or Vault path under the mount. */
  readonly path: string;
}

export interface SecretDescriptor {
  readonly name: string;
  readonly kind: 'string' | 'object';
  readonly schema: JsonSchema;
  readonly fields: readonly FieldDescriptor[];
  readonly rotation: {
    readonly strategy: RotationStrategy;
    readonly everyMs?: number;
    readonly overlapMs?: number;
  };
  readonly cacheTtlMs?: number;
  /** Where the secret lives, per environment it exists in. */
  readonly placements: Readonly<Record<string, PlacementDescriptor>>;
}

/** Builds the runtime descriptor of one service; throws if the service is unknown. */
export function describeService(catalog: Catalog, serviceName: string): ServiceDescriptor {
  const service = catalog.services.find((s) => s.name === serviceName);
  if (!service) throw new Error(`describeService: no service named "${serviceName}" in ${catalog.file}`);

  const environments: Record<string, EnvironmentDescriptor> = {};
  for (const env of catalog.environments) {
    if (service.environments.includes(env.name)) {
      environments[env.name] = { source: env.source, production: env.production };
    }
  }

  const providers: { -readonly [K in keyof ProvidersDescriptor]: ProvidersDescriptor[K] } = {};
  const { aws, vault } = catalog.providers;
  if (aws) providers.aws = { region: aws.region, accountId: aws.accountId };
  if (vault) {
    const roles: Record<string, string> = {};
    for (const env of service.environments) {
      roles[env] = fillTemplate(vault.auth.roleTemplate, {
        project: catalog.project,
        env,
        service: service.name,
      });
    }
    providers.vault = {
      mount: vault.mount,
      ...(vault.namespace === undefined ? {} : { namespace: vault.namespace }),
      authMethod: vault.auth.method,
      authMount: vault.auth.mount,
      roles,
    };
  }

  const secrets: Record<string, SecretDescriptor> = {};
  const byName = new Map(catalog.secrets.map((s) => [s.name, s]));
  for (const name of service.reads) {
    const secret = byName.get(name);
    if (!secret) continue;
    const placements: Record<string, PlacementDescriptor> = {};
    for (const p of secret.placements) {
      if (p.readers.includes(service.name))
        placements[p.environment] = { provider: p.provider, path: p.path };
    }
    secrets[name] = {
      name,
      kind: secret.kind,
      schema: secret.schema,
      fields: secret.fields.map((f) => ({
        name: f.name,
        env: f.env,
        type: f.type,
        required: f.required,
        ...(f.default === undefined ? {} : { default: f.default }),
      })),
      rotation: {
        strategy: secret.rotation.strategy,
        ...(secret.rotation.every ? { everyMs: secret.rotation.every.ms } : {}),
        ...(secret.rotation.overlap ? { overlapMs: secret.rotation.overlap.ms } : {}),
      },
      ...(secret.cacheTtl ? { cacheTtlMs: secret.cacheTtl.ms } : {}),
      placements,
    };
  }

  return {
    project: catalog.project,
    service: service.name,
    catalogHash: catalog.hash,
    environments,
    providers,
    secrets,
  };
}

/** Replaces `{key}` placeholders; unknown placeholders are left as written (the loader rejects them earlier). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  // A catalog has a handful of templates filled tens of thousands of times (a path per secret and
  // environment, a namespace and role per service): each is split at its placeholders once.
  const parts = templateParts(template);
  let text = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i] as string;
    text += (values[key] ?? `{${key}}`) + (parts[i + 1] ?? '');
  }
  return text;
}

/** Templates split at their placeholders: literal text at even indexes, placeholder keys at odd ones. */
const splitTemplates = new Map<string, readonly string[]>();

function templateParts(template: string): readonly string[] {
  let parts = splitTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(/\{([a-zA-Z]+)\}/);
    if (splitTemplates.size >= 10_000) splitTemplates.clear();
    splitTemplates.set(template, parts);
  }
  return parts;
}
