import type { Secret } from '@locksmith/schema';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { Project, ts } from 'ts-morph';
import { tsBlockComment } from '../../escape/typescript.js';

/**
 * The TypeScript declarations of one secret's value, from its JSON Schema. The schema is copied
 * (the catalog is frozen and the compiler annotates what it is given) and prepared by
 * {@link typingSchema}, and external `$ref`s are never followed, so compiling reads no file and
 * no network.
 */
export async function compileValueType(secret: Secret, name: string): Promise<string> {
  const schema = typingSchema(secret.schema);
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

/**
 * The schema as the type compiler should see it. Every `title` goes (json2ts turns a nested title
 * into a type of that name, which could clash with an import or another secret's type; `name`
 * alone decides), `examples` go (types need none), descriptions become one escaped line (they end
 * up in JSDoc), and a field with a `default` is required: the runtime always fills it in.
 */
function typingSchema(source: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const clean = (node: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'title' || key === 'examples') continue;
      if (key === 'description' && typeof value === 'string') out[key] = tsBlockComment(value);
      else if (key === 'properties' && value && typeof value === 'object') {
        out[key] = Object.fromEntries(
          Object.entries(value as Record<string, Readonly<Record<string, unknown>>>).map(([k, v]) => [
            k,
            clean(v),
          ]),
        );
      } else out[key] = structuredClone(value);
    }
    return out;
  };
  const schema = clean(source);
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const defaulted = Object.keys(properties).filter((key) => properties[key]!.default !== undefined);
  if (defaulted.length > 0) {
    const required = new Set([...((schema.required as string[] | undefined) ?? []), ...defaulted]);
    schema.required = [...required].sort();
  }
  return schema;
}

/** A type name no schema produces on its own, replaced by the secret's real type name. */
const PLACEHOLDER = 'LocksmithValueTypePlaceholder';
const compiledShapes = new Map<string, Promise<string>>();

/**
 * Formats json2ts output (its own formatting step runs Prettier: slow, and dependent on the
 * installed version) with the TypeScript formatter, which is deterministic and already loaded.
 * All declarations go through one formatter pass, split by marker lines, because a pass per
 * secret costs more in setup than in formatting. The marker is chosen so that no source contains
 * it (a description is the author's text and could hold any fixed marker).
 */
export function formatDeclarations(sources: readonly string[]): string[] {
  if (sources.length === 0) return [];
  let n = 0;
  while (sources.some((s) => s.includes(`<<locksmith:split:${n}>>`))) n++;
  const SPLIT = `// <<locksmith:split:${n}>>`;
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
