import type { Secret } from '@locksmith/schema';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { pascalCase } from '../../text.js';

/**
 * Picks a TypeScript name for every secret's value type: PascalCase of the secret name, with
 * `Value` appended (then a counter) where it would clash with an import, another secret or
 * the values interface.
 */
export function valueTypeNames(
  secrets: readonly Secret[],
  reserved: ReadonlySet<string>,
): Map<string, string> {
  const taken = new Set(reserved);
  const names = new Map<string, string>();
  for (const secret of secrets) {
    const base = pascalCase(secret.name) || 'Secret';
    let name = taken.has(base) ? `${base}Value` : base;
    for (let i = 2; taken.has(name); i++) name = `${base}Value${i}`;
    taken.add(name);
    names.set(secret.name, name);
  }
  return names;
}

/**
 * The TypeScript declarations of one secret's value, from its JSON Schema. The schema is copied
 * (the catalog is frozen and the compiler annotates what it is given), its top-level `title` is
 * dropped so `name` decides the type name, and external `$ref`s are never followed, so compiling
 * reads no file and no network.
 */
export async function compileValueType(secret: Secret, name: string): Promise<string> {
  const { title: _title, ...schema } = structuredClone(secret.schema) as Record<string, unknown>;
  const source = await compile(schema as JSONSchema, name, {
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    format: false,
    cwd: '/',
    declareExternallyReferenced: true,
    unreachableDefinitions: false,
    $refOptions: { resolve: { external: false } },
  });
  return source.trim();
}
