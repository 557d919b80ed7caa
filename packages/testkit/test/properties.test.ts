import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iamWildcardMatch, parseVaultPolicy, seededRandom } from '../src/index.js';

/** A straightforward recursive matcher to check the regex-based one against. */
function naiveMatch(pattern: string, value: string): boolean {
  if (pattern === '') return value === '';
  const [head, rest] = [pattern[0], pattern.slice(1)];
  if (head === '*') return [...Array(value.length + 1).keys()].some((i) => naiveMatch(rest, value.slice(i)));
  if (value === '') return false;
  return (head === '?' || head === value[0]) && naiveMatch(rest, value.slice(1));
}

describe('properties', () => {
  it('IAM wildcards match exactly like a naive * / ? matcher, regex characters included', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '.', '+', '(', '[', '\\', '$', '/', ':');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: alphabet, maxLength: 10 }),
        (p, v) => {
          expect(iamWildcardMatch(p, v)).toBe(naiveMatch(p, v));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the Vault policy parser accepts or throws SyntaxError, never anything else', () => {
    const pieces = fc.constantFrom(
      'path',
      '"secret/data/x"',
      '{',
      '}',
      'capabilities',
      '=',
      '[',
      ']',
      '"read"',
      ',',
      '#c\n',
      '/*',
      '*/',
      '"',
      'policy',
      '"write"',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        try {
          parseVaultPolicy(parts.join(' '));
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('seeded randomness is reproducible and differs between seeds', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (seed, n) => {
        expect(seededRandom(seed).bytes(n)).toEqual(seededRandom(seed).bytes(n));
        expect(
          Buffer.from(seededRandom(seed).bytes(32)).equals(Buffer.from(seededRandom(`${seed}x`).bytes(32))),
        ).toBe(false);
      }),
    );
  });
});
