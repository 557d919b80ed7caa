/**
 * How catalog names become Rust identifiers in generated modules, and which catalog names
 * cannot be told apart there. Codegen's Rust emitter and the `rust-names` catalog rule share
 * this, so a collision is a located catalog error (`locksmith validate` reports it) instead of
 * a compile error in a service.
 */

/** Strict, reserved and edition-2024 keywords (the Rust Reference, "Keywords"). */
export const RUST_KEYWORDS: ReadonlySet<string> = new Set([
  'as',
  'async',
  'await',
  'break',
  'const',
  'continue',
  'crate',
  'dyn',
  'else',
  'enum',
  'extern',
  'false',
  'fn',
  'for',
  'gen',
  'if',
  'impl',
  'in',
  'let',
  'loop',
  'match',
  'mod',
  'move',
  'mut',
  'pub',
  'ref',
  'return',
  'self',
  'Self',
  'static',
  'struct',
  'super',
  'trait',
  'true',
  'type',
  'unsafe',
  'use',
  'where',
  'while',
  'abstract',
  'become',
  'box',
  'do',
  'final',
  'macro',
  'override',
  'priv',
  'try',
  'typeof',
  'unsized',
  'virtual',
  'yield',
]);

/**
 * Type names a generated module declares or imports itself: a secret type that would take one
 * gets a `Secret` suffix.
 */
export const RUST_RESERVED_TYPES: ReadonlySet<string> = new Set([
  'Secrets',
  'Client',
  'Secret',
  'SecretValue',
  'SecretClient',
  'SecretHandle',
  'SecretsError',
  'ServiceDescriptor',
  'ClientOptions',
  'Loader',
  'LoadError',
  'Source',
  'EnvSource',
  'DirSource',
  'PathBuf',
  'Option',
  'Result',
  'String',
  'Vec',
  'Box',
]);

/** Names the generated `Client` and loader use besides the secrets': a secret taking one gets `_secret`. */
export const RUST_RESERVED_MEMBERS: ReadonlySet<string> = new Set(['runtime', 'loader', 'source', 'options']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** `jwt-signing-key` → `jwt_signing_key`; a keyword gets a trailing `_`, a leading digit a leading `_`. */
export function rustSnakeName(name: string): string {
  const joined = words(name)
    .map((w) => w.toLowerCase())
    .join('_');
  if (joined === '') return 'field';
  const identifier = /^[0-9]/.test(joined) ? `_${joined}` : joined;
  return RUST_KEYWORDS.has(identifier) ? `${identifier}_` : identifier;
}

/** `jwt-signing-key` → `JwtSigningKey`; a leading digit gets an `S` prefix. */
export function rustTypeName(name: string): string {
  const joined = words(name)
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
  if (joined === '') return 'Value';
  const identifier = /^[0-9]/.test(joined) ? `S${joined}` : joined;
  return RUST_KEYWORDS.has(identifier) ? `${identifier}_` : identifier;
}

/** The module directory of a Rust service: `ledger-rs` → `ledger_rs`. */
export function rustModuleName(service: string): string {
  return rustSnakeName(service);
}

/** What the plan needs of a secret. */
export interface RustNameInput {
  readonly name: string;
  readonly pointer: string;
  readonly fields: ReadonlyArray<{ readonly name: string | null; readonly pointer: string }>;
}

/** Two catalog names that become one Rust identifier. */
export interface RustNameCollision {
  readonly pointer: string;
  readonly message: string;
}

/** The Rust names of one generated module. */
export interface RustNamePlan {
  /** Secret name → its value type. */
  readonly types: ReadonlyMap<string, string>;
  /** Secret name → its member in `Secrets` and `Client`. */
  readonly members: ReadonlyMap<string, string>;
  /** Secret name → field name → struct field (object secrets only). */
  readonly fields: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly collisions: readonly RustNameCollision[];
}

/**
 * Names every type, member and field of the module of `service`. Names the module itself uses
 * are mangled with a suffix; two catalog names that map to one identifier are collisions,
 * reported at the later of the two.
 */
export function planRustNames(service: string, secrets: readonly RustNameInput[]): RustNamePlan {
  const collisions: RustNameCollision[] = [];
  const sorted = [...secrets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const types = assign(
    sorted.map((s) => ({ key: s.name, pointer: s.pointer, base: rustTypeName(s.name) })),
    RUST_RESERVED_TYPES,
    'Secret',
    (a, b, id) => `secrets "${a}" and "${b}" would both be the Rust type ${id} in the module of "${service}"`,
    collisions,
  );
  const members = assign(
    sorted.map((s) => ({ key: s.name, pointer: s.pointer, base: rustSnakeName(s.name) })),
    RUST_RESERVED_MEMBERS,
    '_secret',
    (a, b, id) => `secrets "${a}" and "${b}" would both be the Rust field ${id} of "${service}"'s Secrets`,
    collisions,
  );
  const fields = new Map<string, ReadonlyMap<string, string>>();
  for (const secret of sorted) {
    const named = secret.fields.flatMap((f) =>
      f.name === null ? [] : [{ key: f.name, pointer: f.pointer, base: rustSnakeName(f.name) }],
    );
    fields.set(
      secret.name,
      assign(
        named,
        new Set(),
        '',
        (a, b, id) =>
          `fields "${a}" and "${b}" of secret "${secret.name}" would both be the Rust field ${id}`,
        collisions,
      ),
    );
  }
  return { types, members, fields, collisions };
}

function assign(
  items: ReadonlyArray<{ readonly key: string; readonly pointer: string; readonly base: string }>,
  reserved: ReadonlySet<string>,
  suffix: string,
  describe: (first: string, second: string, identifier: string) => string,
  collisions: RustNameCollision[],
): Map<string, string> {
  const out = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const item of items) {
    const identifier = reserved.has(item.base) ? `${item.base}${suffix}` : item.base;
    const first = owners.get(identifier);
    if (first === undefined) {
      owners.set(identifier, item.key);
      out.set(item.key, identifier);
    } else {
      collisions.push({ pointer: item.pointer, message: describe(first, item.key, identifier) });
    }
  }
  return out;
}
