import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodedForms } from '../src/redact/forms.js';
import { budget, propertyRuns } from './helpers/budget.js';
import { maskerOf } from './helpers/masker.js';

describe('Masker (property-based)', () => {
  it(
    'no loaded value of 4+ characters survives masking in any of its encoded forms',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.string({ minLength: 4, maxLength: 40, unit: 'binary' }), {
            minLength: 1,
            maxLength: 5,
          }),
          fc.string({ maxLength: 30 }),
          fc.nat(),
          (values, filler, pick) => {
            const masker = maskerOf([{ nested: { values } }]);
            const value = values[pick % values.length]!;
            // One assertion per run: 200 runs × 13 forms of expect() calls would cost seconds.
            const missed = encodedForms(value).filter((form) => {
              const text = `${filler}${form}${filler}`;
              return !masker.contains(text) || masker.mask(text).includes(form);
            });
            expect(missed).toEqual([]);
          },
        ),
        { numRuns: propertyRuns(200), seed: 42 },
      );
    },
    budget(15_000),
  );

  it(
    'finds a value inside a larger base64 blob at any byte offset',
    () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 6, maxLength: 40, unit: 'binary' }),
          fc.uint8Array({ maxLength: 10 }),
          fc.uint8Array({ maxLength: 10 }),
          fc.constantFrom('base64' as const, 'base64url' as const),
          (value, before, after, alphabet) => {
            const masker = maskerOf([value]);
            const blob = Buffer.concat([before, Buffer.from(value), after]).toString(alphabet);
            expect(masker.contains(`Authorization: Basic ${blob}`)).toBe(true);
          },
        ),
        { numRuns: propertyRuns(300), seed: 3 },
      );
    },
    budget(15_000),
  );

  it('leaves text without values untouched', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const masker = maskerOf(['\u0000never-in-text\u0000']);
        expect(masker.mask(text)).toBe(text);
      }),
      { numRuns: propertyRuns(200), seed: 7 },
    );
  });
});
