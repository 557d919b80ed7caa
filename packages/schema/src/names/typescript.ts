/**
 * TypeScript names of generated value types. A secret's type is its PascalCase name; the emitter
 * must never declare a name that shadows something the module uses (its imports, TypeScript's
 * global types) or that another secret already took, so clashes get a `Value` suffix, then a
 * counter. The result depends only on the names, never on their order of arrival.
 */

/** Global types a generated module may rely on; a value type must not shadow them. */
const GLOBAL_TYPES = [
  'Array',
  'ArrayLike',
  'BigInt',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Iterable',
  'Map',
  'NonNullable',
  'Number',
  'Object',
  'Omit',
  'Partial',
  'Pick',
  'Promise',
  'PromiseLike',
  'Readonly',
  'ReadonlyArray',
  'Record',
  'RegExp',
  'Required',
  'Set',
  'String',
  'Symbol',
  'Uint8Array',
  'WeakMap',
];

/** `jwt-signing-key` → `JwtSigningKey`; a leading digit gets an underscore so the result is an identifier. */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/**
 * A distinct type name for every secret in `secretNames` (processed in code-unit order), none of
 * them in `reserved` or among TypeScript's global types.
 */
export function typescriptValueTypeNames(
  secretNames: readonly string[],
  reserved: Iterable<string>,
): Map<string, string> {
  const taken = new Set([...GLOBAL_TYPES, ...reserved]);
  const names = new Map<string, string>();
  for (const secret of [...secretNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = pascalCase(secret) || 'Secret';
    let name = taken.has(base) ? `${base}Value` : base;
    for (let i = 2; taken.has(name); i++) name = `${base}Value${i}`;
    taken.add(name);
    names.set(secret, name);
  }
  return names;
}
