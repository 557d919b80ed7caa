import type { ProviderName } from '@locksmith/schema';

/** One field of an imported secret: its env var, and the property name for object secrets. */
export interface ImportedField {
  readonly property: string | null;
  readonly env: string;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly format?: 'uri';
}

/** A secret as the sources describe it. Never holds a value. */
export interface ImportedSecret {
  readonly name: string;
  description?: string;
  provider: ProviderName;
  /** Environment → exact path in the store, as found. */
  readonly paths: Map<string, string>;
  readonly readers: Set<string>;
  readonly fields: ImportedField[];
  /** What was inferred rather than read, written as `# guessed:` comments. */
  readonly guesses: string[];
}

/** Everything an import found, before it is written as a catalog. */
export interface ImportedCatalog {
  project: string;
  /** Why the project name is a guess; undefined when `--project` gave it. */
  projectGuess: string | undefined;
  /** The project was given or already guessed from a path: later paths do not change it. */
  projectSettled: boolean;
  readonly environments: string[];
  readonly services: Map<string, string | undefined>;
  readonly secrets: Map<string, ImportedSecret>;
  readonly aws?: { readonly region: string; readonly accountId: string | undefined };
  readonly vault?: { readonly mount: string };
}

const ENV_WORDS = new Set([
  'dev',
  'development',
  'test',
  'qa',
  'uat',
  'sandbox',
  'stage',
  'staging',
  'preprod',
  'prod',
  'production',
]);

/** The environment of whatever a source does not place in one: `--env` when given, else this. */
export const DEFAULT_ENVIRONMENT = 'dev';

/** The environment for names, paths and namespaces that name none, and whether the user chose it. */
export interface FallbackEnvironment {
  readonly name: string;
  /** `--env` gave it: using it is the user's word, not a guess. */
  readonly given: boolean;
}

/** `--env` when given, else {@link DEFAULT_ENVIRONMENT}. */
export function fallbackEnvironment(env: string | undefined): FallbackEnvironment {
  return env === undefined ? { name: DEFAULT_ENVIRONMENT, given: false } : { name: env, given: true };
}

/** Turns any identifier into a catalog name: lower case, digits and hyphens, starting with a letter. */
export function toName(raw: string): string {
  const name = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return /^[a-z]/.test(name) ? name : `s-${name}`.slice(0, 63);
}

/** An environment name hidden in a path segment or namespace (`shop-staging` → `staging`). */
export function environmentIn(text: string): string | undefined {
  const parts = text.toLowerCase().split(/[-_/.]/);
  return parts.reverse().find((p) => ENV_WORDS.has(p));
}

/**
 * Reads `project/env/secret…` from a store path. Returns the environment and secret name when
 * the path has that shape, with the project candidate.
 */
export function splitStorePath(path: string): { project?: string; environment?: string; secret: string } {
  const parts = path.split('/').filter((p) => p !== '');
  const envAt = parts.findIndex((p) => ENV_WORDS.has(p.toLowerCase()));
  if (envAt >= 0 && envAt < parts.length - 1) {
    const project = envAt > 0 ? toName(parts.slice(0, envAt).join('-')) : undefined;
    return {
      ...(project ? { project } : {}),
      environment: parts[envAt]!.toLowerCase(),
      secret: toName(parts.slice(envAt + 1).join('-')),
    };
  }
  return { secret: toName(parts.join('-')) };
}

/** An empty import with the given defaults. */
export function emptyImport(
  project: string | undefined,
  providers: Pick<ImportedCatalog, 'aws' | 'vault'>,
): ImportedCatalog {
  return {
    project: project ?? 'imported',
    projectGuess:
      project === undefined ? 'placeholder: set the project name (used in every name template)' : undefined,
    projectSettled: project !== undefined,
    environments: [],
    services: new Map(),
    secrets: new Map(),
    ...providers,
  };
}

/** Takes the project from the first store path that names one, unless `--project` was given. */
export function guessProject(catalog: ImportedCatalog, candidate: string | undefined, from: string): void {
  if (candidate === undefined || catalog.projectSettled) return;
  catalog.project = candidate;
  catalog.projectGuess = `first segment of ${from}`;
  catalog.projectSettled = true;
}

/** Records a secret found in `environment` at `path`, merging with one of the same name. */
export function addSecret(
  catalog: ImportedCatalog,
  name: string,
  environment: string,
  path: string,
  init: () => Omit<ImportedSecret, 'name' | 'paths' | 'readers'>,
): ImportedSecret {
  if (!catalog.environments.includes(environment)) catalog.environments.push(environment);
  let secret = catalog.secrets.get(name);
  if (!secret) {
    secret = { name, paths: new Map(), readers: new Set(), ...init() };
    catalog.secrets.set(name, secret);
  }
  secret.paths.set(environment, path);
  return secret;
}
