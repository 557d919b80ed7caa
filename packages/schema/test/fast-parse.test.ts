import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { fastParse } from '../src/source/fast-parse.js';
import { EXAMPLE_CATALOG, inPackage } from './paths.js';

/** What the full parser (the yaml library, as the loader configures it) reads, or undefined when it refuses. */
function fullParse(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
}

/** The fast reader either declines or reads exactly what the full parser reads. */
function agrees(text: string): 'fast' | 'declined' {
  const fast = fastParse(text, 64);
  if (fast === undefined) return 'declined';
  expect(fast, text).toStrictEqual(fullParse(text));
  return 'fast';
}

const SCALARS = [
  '1',
  '-0',
  '+12',
  '012',
  '0o17',
  '0x1F',
  '0b11',
  '1_000',
  '1.',
  '.5',
  '1e3',
  '-1.5E-3',
  '.inf',
  '-.Inf',
  '.NaN',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'true',
  'True',
  'TRUE',
  'tRue',
  'false',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '2001-12-14',
  '12:30:00',
  '0.1.2',
  '"quoted"',
  "'single'",
  '"esc \\u00e9 \\t"',
  '"1"',
  "'true'",
  'a b',
  'a:b',
  'a #not comment',
  'with # hash',
  '"#"',
  '[1, "2", three]',
  '{a: 1, b: [x]}',
  '>\n  folded\n  text\n',
  '|-\n  keep\n   indent\n',
];

describe('the fast catalog reader', () => {
  it('reads every scalar form exactly as the yaml library does, or declines', () => {
    let fast = 0;
    for (const scalar of SCALARS) {
      for (const text of [`a: ${scalar}\n`, `- ${scalar}\n`, `${scalar}: x\n`, `k: {a: ${scalar}}\n`]) {
        if (agrees(text) === 'fast') fast++;
      }
    }
    expect(fast).toBeGreaterThan(SCALARS.length * 2);
    for (const text of [
      '\ufeffa: 1\n',
      'a: 1\r\nb: x\r\n',
      'a: "x\r\n  y"\r\n',
      'a: >\r\n  b\r\n  c\r\n',
      'a: b # c\n',
    ]) {
      agrees(text);
    }
  });

  it('declines what it leaves to the full parser: tags, anchors, aliases, explicit keys, directives, documents, null keys, duplicates', () => {
    for (const text of [
      'a: !!str 5\n',
      'a: &x {b: 1}\nc: *x\n',
      '? [a]\n: x\n',
      '[1, two]: x\n',
      '{a: 1}: x\n',
      '%YAML 1.1\n---\na: yes\n',
      'a: 1\n---\nb: 2\n',
      'null: x\n',
      '~: x\n',
      'a: 1\na: 2\n',
      'a:\n\tb: 1\n',
    ]) {
      expect(fastParse(text, 64), text).toBeUndefined();
    }
  });

  it('reads every catalog fixture exactly as the full parser does', () => {
    const files = [EXAMPLE_CATALOG];
    for (const dir of ['test/fixtures/valid', 'test/fixtures/invalid']) {
      for (const name of readdirSync(inPackage(dir)))
        if (/\.(ya?ml|json)$/.test(name)) files.push(inPackage(`${dir}/${name}`));
    }
    const outcomes = files.map((file) => agrees(readFileSync(file, 'utf8')));
    expect(outcomes[0]).toBe('fast');
    expect(outcomes.filter((o) => o === 'fast').length).toBeGreaterThan(10);
  });

  it('reads random documents, in any style the yaml library writes, as the full parser does', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(...SCALARS),
      fc.stringMatching(/^[a-z][a-z0-9 _.:#-]{0,10}$/),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        tie('map'),
        tie('list'),
      ),
      map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
      list: fc.array(tie('node'), { maxLength: 4 }),
    }));
    const options = fc.record({
      flow: fc.boolean(),
      quote: fc.constantFrom(
        'PLAIN',
        'QUOTE_DOUBLE',
        'QUOTE_SINGLE',
        'BLOCK_LITERAL',
        'BLOCK_FOLDED',
      ) as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'>,
      indent: fc.integer({ min: 1, max: 4 }),
    });
    let fast = 0;
    fc.assert(
      fc.property(value.map, options, (data, o) => {
        const written = stringify(data, {
          collectionStyle: o.flow ? 'flow' : 'block',
          defaultStringType: o.quote,
          indent: o.indent,
          lineWidth: 40,
        });
        if (agrees(written) === 'fast') fast++;
      }),
      { numRuns: 1500, seed: 19 },
    );
    expect(fast).toBeGreaterThan(500);
  });
});
