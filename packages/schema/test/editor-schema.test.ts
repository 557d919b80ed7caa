import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { annotate, SCHEMA_ID } from '../scripts/editor-annotations.js';
import { inPackage } from './paths.js';

type Node = Record<string, unknown>;
const schema = JSON.parse(readFileSync(inPackage('catalog.schema.json'), 'utf8')) as Node;

/** The node a `#/…` pointer names. */
function at(pointer: string): Node {
  let node: unknown = schema;
  for (const part of pointer.split('/').slice(1))
    node = (node as Node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as Node;
}

/**
 * Every property a catalog author can write: each entry of a `properties` map, outside the
 * conditions of `if` (which restate properties, not declare them), except `true` (any value).
 */
function properties(): string[] {
  const found: string[] = [];
  const walk = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Node)) {
      if (key === 'if' || key === 'examples' || key === 'default' || key === 'enum' || key === 'const')
        continue;
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'properties' && value && typeof value === 'object') {
        for (const [name, property] of Object.entries(value as Node)) {
          const path = `${child}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          if (property !== true) found.push(path);
          walk(property, path);
        }
      } else walk(value, child);
    }
  };
  walk(schema, '');
  return found;
}

/** What an editor shows for a property: its own annotations, else those of the definition it references. */
function shown(pointer: string, keyword: 'markdownDescription' | 'examples'): unknown {
  const node = at(pointer);
  if (node[keyword] !== undefined) return node[keyword];
  return typeof node.$ref === 'string' ? at(node.$ref.slice(1))[keyword] : undefined;
}

describe('the catalog schema for editors', () => {
  const all = properties();

  it('finds the properties (a test of the walker)', () => {
    expect(all.length).toBeGreaterThan(80);
    expect(all).toContain('/$defs/secret/properties/readers');
    expect(all).not.toContain('/$defs/valueSchema/if/properties/type');
  });

  it('has a markdownDescription and examples for every property', () => {
    expect(all.filter((p) => typeof shown(p, 'markdownDescription') !== 'string')).toEqual([]);
    expect(
      all.filter((p) => !Array.isArray(shown(p, 'examples')) || (shown(p, 'examples') as []).length === 0),
    ).toEqual([]);
  });

  it('has examples that are valid where they are shown', () => {
    const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addSchema(schema);
    const invalid: string[] = [];
    for (const pointer of all) {
      const node = at(pointer);
      const target =
        Array.isArray(node.examples) || typeof node.$ref !== 'string' ? pointer : node.$ref.slice(1);
      const validate = ajv.compile({ $ref: `${SCHEMA_ID}#${target}` });
      for (const example of (shown(pointer, 'examples') as unknown[]) ?? []) {
        if (!validate(example))
          invalid.push(`${pointer}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('carries the markdown the annotation script writes (run `pnpm --filter @locksmith/schema annotate` after editing)', () => {
    expect(schema).toEqual(annotate(schema));
  });

  it('has a stable public $id, versioned with the catalog format', () => {
    expect(schema.$id).toBe('https://locksmith.dev/schemas/catalog-v1.json');
    expect(at('/properties/version').const).toBe(1);
  });
});
