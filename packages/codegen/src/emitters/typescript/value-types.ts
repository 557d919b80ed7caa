import type { Secret } from '@locksmith/schema';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

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
