import type { Secret } from '@locksmith/schema';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { Project, ts } from 'ts-morph';

/**
 * The TypeScript declarations of one secret's value, from its JSON Schema. The schema is copied
 * (the catalog is frozen and the compiler annotates what it is given), its top-level `title` is
 * dropped so `name` decides the type name, and external `$ref`s are never followed, so compiling
 * reads no file and no network.
 */
export async function compileValueType(secret: Secret, name: string): Promise<string> {
  const { title: _title, ...schema } = structuredClone(secret.schema) as Record<string, unknown>;
  // Catalogs repeat the same value shapes (`{ type: string, minLength: 32 }`) many times, and the
  // compiler's output depends on the schema and the type name only: compile each shape once
  // under a placeholder name and put the real name in afterwards.
  const key = JSON.stringify(schema);
  let compiled = compiledShapes.get(key);
  if (!compiled) {
    compiled = compile(schema as JSONSchema, PLACEHOLDER, {
      bannerComment: '',
      additionalProperties: false,
      strictIndexSignatures: true,
      format: false,
      cwd: '/',
      declareExternallyReferenced: true,
      unreachableDefinitions: false,
      $refOptions: { resolve: { external: false } },
    });
    compiledShapes.set(key, compiled);
  }
  return (await compiled).replaceAll(PLACEHOLDER, name);
}

/** A type name no schema produces on its own, replaced by the secret's real type name. */
const PLACEHOLDER = 'LocksmithValueTypePlaceholder';
const compiledShapes = new Map<string, Promise<string>>();

const SPLIT = '// <<locksmith:split>>';

/**
 * Formats json2ts output (its own formatting step runs Prettier: slow, and dependent on the
 * installed version) with the TypeScript formatter, which is deterministic and already loaded.
 * All declarations go through one formatter pass, split by marker lines that json2ts output
 * cannot contain (its comments are JSDoc blocks), because a pass per secret costs more in setup
 * than in formatting.
 */
export function formatDeclarations(sources: readonly string[]): string[] {
  if (sources.length === 0) return [];
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('/values.ts', sources.map((s) => `${SPLIT}\n${s.trim()}\n`).join(''));
  file.formatText({
    indentSize: 2,
    tabSize: 2,
    convertTabsToSpaces: true,
    semicolons: ts.SemicolonPreference.Insert,
  });
  const parts = file.getFullText().split(`${SPLIT}\n`).slice(1);
  if (parts.length !== sources.length) throw new Error('formatting merged or split value declarations');
  return parts.map((part) => part.trim());
}
