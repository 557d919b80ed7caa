import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { emitKubernetes } from '../src/emitters/kubernetes/index.js';
import { YAML_OPTIONS } from '../src/emitters/kubernetes/manifest.js';
import { plainYaml } from '../src/emitters/kubernetes/plain-yaml.js';
import { allCatalogs } from './helpers/catalogs.js';

/** Strings near every edge of plain YAML: numbers, booleans, nulls, indicators, colons, spaces. */
const tricky = fc.constantFrom(
  'api',
  'shop/prod/db',
  'external-secrets.io/v1',
  'arn:aws:iam::123456789012:role/x',
  'https://vault.svc:8200',
  '1h',
  '30d',
  '8200',
  '0x1F',
  '0o17',
  '1e5',
  '1.5',
  '.5',
  '-1',
  '+1',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'NULL',
  'null',
  '~',
  '',
  ' a',
  'a ',
  'a: b',
  'a:',
  'a #b',
  '#a',
  '-a',
  '- a',
  '?a',
  ':a',
  '@a',
  '`a',
  '!a',
  '&a',
  '*a',
  '|a',
  '>a',
  '%a',
  "'a",
  '"a',
  'a\nb',
  'a\tb',
  'yes',
  'no',
  'on',
  'off',
  'Y',
  '2024-01-01',
  '1_000',
  '_x',
  '/x',
  'DATABASE_URL',
  'app.kubernetes.io/managed-by',
  'a,b',
  '[a]',
  '{a}',
  'é',
  'a\\b',
  '0',
  '00',
  '0.0.1',
  'a:b:c',
);
const key = fc.oneof(tricky, fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/));
const scalar = fc.oneof(tricky, fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }));
const node = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  seq: fc.array(tie('value'), { maxLength: 3 }),
})).map;

describe('the plain YAML writer', () => {
  it('writes exactly what the yaml library writes, or declines', () => {
    let written = 0;
    fc.assert(
      fc.property(node, (value) => {
        const fast = plainYaml(value);
        if (fast === undefined) return;
        written++;
        expect(fast).toBe(stringify(value, YAML_OPTIONS));
      }),
      { numRuns: 3000, seed: 19 },
    );
    expect(written).toBeGreaterThan(500);
  });

  it('takes every manifest of the example and fixture catalogs: the fast path is the common path', async () => {
    let documents = 0;
    for (const [, catalog] of await allCatalogs()) {
      for (const file of emitKubernetes(catalog)) {
        for (const doc of parseAllDocuments(file.contents)) {
          const data = doc.toJS() as unknown;
          expect(plainYaml(data), file.path).toBe(stringify(data, YAML_OPTIONS));
          documents++;
        }
      }
    }
    expect(documents).toBeGreaterThan(30);
  });
});
