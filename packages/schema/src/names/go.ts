/**
 * How catalog names become Go identifiers in generated packages, and which catalog names cannot
 * be told apart there. Codegen's Go emitter and the `go-names` catalog rule both use this, so a
 * collision is a located catalog error (`locksmith validate` reports it) rather than a
 * compile error in a service.
 */

/** Words Go spells in capitals (Effective Go, "MixedCaps"), so `database.url` becomes `Database.URL`. */
const INITIALISMS = new Set([
  'api',
  'db',
  'dns',
  'http',
  'https',
  'id',
  'ip',
  'jwt',
  'pii',
  'smtp',
  'sql',
  'tls',
  'uri',
  'url',
  'uuid',
]);

/** Go's keywords: a package cannot be named after one. */
export const GO_KEYWORDS: ReadonlySet<string> = new Set([
  'break',
  'case',
  'chan',
  'const',
  'continue',
  'default',
  'defer',
  'else',
  'fallthrough',
  'for',
  'func',
  'go',
  'goto',
  'if',
  'import',
  'interface',
  'map',
  'package',
  'range',
  'return',
  'select',
  'struct',
  'switch',
  'type',
  'var',
]);

/**
 * Names a generated Go package declares itself (types, functions, variables and the Client's
 * methods): a secret type that would take one gets a `Secret` suffix.
 */
export const GO_RESERVED_NAMES: ReadonlySet<string> = new Set([
  'Secrets',
  'Source',
  'EnvSource',
  'DirSource',
  'Problem',
  'Error',
  'Load',
  'LoadFrom',
  'Client',
  'New',
  'Descriptor',
  'Options',
  'Preload',
  'Health',
  'Mask',
  'Close',
  'Runtime',
  'Snapshot',
]);

/** Methods every generated value struct has: a field that would take one gets a `Field` suffix. */
export const GO_VALUE_METHODS: ReadonlySet<string> = new Set(['String', 'GoString', 'MarshalJSON']);

/**
 * A secret's type name is also the name of its field in `Secrets`, which has the value methods
 * too (a secret named `string` would give a field `String` beside the method `String()`).
 */
const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([...GO_RESERVED_NAMES, ...GO_VALUE_METHODS]);

/** `billing-go` → `billinggo`: lower-case letters and digits; a keyword or a leading digit is mangled. */
export function goPackageName(service: string): string {
  const name = service.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!/^[a-z]/.test(name)) return `secrets${name}`;
  return GO_KEYWORDS.has(name) ? `${name}secrets` : name;
}

/** Exported Go identifier: `payment-api-key` → `PaymentAPIKey`, `url` → `URL`. */
export function goExportedName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words
    .map((w) => (INITIALISMS.has(w.toLowerCase()) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
  return /^[A-Za-z]/.test(joined) ? joined : `X${joined}`;
}

/** What the plan needs of a secret. */
export interface GoNameInput {
  readonly name: string;
  readonly pointer: string;
  readonly fields: ReadonlyArray<{ readonly name: string | null; readonly pointer: string }>;
}

/** Two catalog names that become one Go identifier. */
export interface GoNameCollision {
  readonly pointer: string;
  readonly message: string;
}

/** The Go names of one package's secrets and their fields. */
export interface GoNamePlan {
  /** Secret name → Go type name. */
  readonly types: ReadonlyMap<string, string>;
  /** Secret name → field name (`''` for a string secret) → Go field name. */
  readonly fields: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly collisions: readonly GoNameCollision[];
}

/**
 * Names every secret type and field of one generated package. Reserved names are mangled with a
 * suffix; two catalog names that map to the same identifier (before or after mangling) are
 * collisions, reported at the later one.
 */
export function planGoNames(pkg: string, secrets: readonly GoNameInput[]): GoNamePlan {
  const collisions: GoNameCollision[] = [];
  const types = assign(
    secrets.map((s) => ({ key: s.name, pointer: s.pointer, base: goExportedName(s.name) })),
    RESERVED_TYPE_NAMES,
    'Secret',
    (a, b, id) => `secrets "${a}" and "${b}" would both be the Go type ${id} in package ${pkg}; rename one`,
    collisions,
  );
  const fields = new Map<string, ReadonlyMap<string, string>>();
  for (const secret of secrets) {
    const named = secret.fields.map((f) => ({
      key: f.name ?? '',
      pointer: f.pointer,
      base: f.name === null ? 'Value' : goExportedName(f.name),
    }));
    fields.set(
      secret.name,
      assign(
        named,
        GO_VALUE_METHODS,
        'Field',
        (a, b, id) =>
          `fields "${a}" and "${b}" of secret "${secret.name}" would both be the Go field ${types.get(secret.name)}.${id}; rename one`,
        collisions,
      ),
    );
  }
  return { types, fields, collisions };
}

function assign(
  items: ReadonlyArray<{ readonly key: string; readonly pointer: string; readonly base: string }>,
  reserved: ReadonlySet<string>,
  suffix: string,
  describe: (first: string, second: string, identifier: string) => string,
  collisions: GoNameCollision[],
): Map<string, string> {
  const out = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const item of items) {
    const name = reserved.has(item.base) ? `${item.base}${suffix}` : item.base;
    const first = owner.get(name);
    if (first !== undefined) {
      collisions.push({ pointer: item.pointer, message: describe(first, item.key, name) });
      continue;
    }
    owner.set(name, item.key);
    out.set(item.key, name);
  }
  return out;
}
