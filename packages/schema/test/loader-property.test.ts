import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CatalogError, parseCatalog } from '../src/index.js';
import { EXAMPLE_CATALOG } from './paths.js';

/**
 * Whatever a person (or a merge conflict) does to a catalog, the loader answers with a model
 * or a CatalogError — never a TypeError, a RangeError or a hang.
 */
const exampleText = readFileSync(EXAMPLE_CATALOG, 'utf8');
const example = parse(exampleText) as unknown;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in the document, so mutations can land anywhere. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const here = [[...prefix]];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...prefix, i])));
  if (value && typeof value === 'object') {
    return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...prefix, k])));
  }
  return here;
}
const allPaths = pathsOf(example).filter((p) => p.length > 0);

const mutation = fc.record({
  path: fc.constantFrom(...allPaths),
  op: fc.constantFrom('delete', 'replace', 'rename', 'insert'),
  value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('provider', 'readers', 'env', 'schema', 'type'),
  ),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(doc: unknown, m: Mutation): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  const parentPath = m.path.slice(0, -1);
  const last = m.path[m.path.length - 1] as string | number;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of parentPath) {
    const next = parent[segment];
    // An earlier mutation removed or replaced this branch; there is nothing left to mutate.
    if (next === null || typeof next !== 'object') return copy;
    parent = next as Record<string | number, unknown>;
  }
  if (m.op === 'delete') delete parent[last];
  else if (m.op === 'replace') parent[last] = m.value;
  else if (m.op === 'rename') {
    parent[m.key] = parent[last];
    delete parent[last];
  } else if (parent[last] && typeof parent[last] === 'object') {
    (parent[last] as Record<string, unknown>)[m.key] = m.value;
  }
  return copy;
}

function loadsOrCatalogError(text: string, file: string): void {
  try {
    parseCatalog(text, file);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    for (const issue of error.issues) {
      expect(issue.line).toBeGreaterThanOrEqual(0);
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
}

describe('loader robustness (fast-check)', () => {
  it('structural mutations of the example, as YAML and JSON', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (mutations, asJson) => {
        const doc = mutations.reduce<unknown>((d, m) => mutate(d, m), example);
        const text = asJson ? JSON.stringify(doc) : stringify(doc);
        loadsOrCatalogError(text, asJson ? 'fuzz.json' : 'fuzz.yaml');
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('byte-level edits of the YAML text', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: exampleText.length }),
        fc.nat({ max: 40 }),
        fc.string({
          maxLength: 8,
          unit: fc.constantFrom(' ', ':', '-', '[', '{', '"', '\n', '&', '*', 'a', '#'),
        }),
        (at, cut, insert) => {
          loadsOrCatalogError(exampleText.slice(0, at) + insert + exampleText.slice(at + cut), 'fuzz.yaml');
        },
      ),
      { numRuns: 1000 },
    );
  }, 120_000);
});
