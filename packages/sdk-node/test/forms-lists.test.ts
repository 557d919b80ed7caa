import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctForms, encodedForms, MIN_MASK_LENGTH } from '../src/redact/forms.js';
import { propertyRuns } from './helpers/budget.js';
import { maskerOf } from './helpers/masker.js';

/**
 * The two lists forms.ts hands out: `distinctForms` (what the masker indexes, one entry per
 * distinct text) and `encodedForms` (what leak checks across the repository scan for). A list that
 * shrank or repeated itself would make those checks pass vacuously or the index larger.
 */
describe('distinctForms', () => {
  it('lists each form once, none shorter than four characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 24, unit: 'binary' }), (value) => {
        const forms = distinctForms(value).map((f) => f.form);
        expect(new Set(forms).size).toBe(forms.length);
        expect(forms.filter((f) => f.length < MIN_MASK_LENGTH)).toEqual([]);
      }),
      { numRuns: propertyRuns(200), seed: 31 },
    );
  });

  it('keeps the percent form of a value whose every character the encoder escapes', () => {
    // Nothing of '@#$%^&' survives encodeURIComponent as it is: the encoded form is all escapes.
    const value = '@#$%^&';
    const masker = maskerOf([value]);
    for (const encoded of [
      encodeURIComponent(value),
      encodeURI(value),
      new URLSearchParams({ k: value }).toString().slice(2),
    ])
      expect(masker.mask(`<${encoded}>`), encoded).toBe('<[REDACTED]>');
  });
});

describe('encodedForms', () => {
  it('names the raw value and its padded and unpadded base64, base64url and hex, each once', () => {
    const forms = encodedForms('abcd');
    for (const form of ['abcd', 'YWJjZA==', 'YWJjZA', '61626364', '61626364'.toUpperCase()])
      expect(forms, form).toContain(form);
    expect(new Set(forms).size).toBe(forms.length);
    expect(forms.filter((f) => f.length < MIN_MASK_LENGTH)).toEqual([]);
    // Base64 with `+` and two `=`: the unpadded form differs from base64url.
    expect(encodedForms('>>>?')).toEqual(expect.arrayContaining(['Pj4+Pw==', 'Pj4+Pw', 'Pj4-Pw']));
    // A value too short to mask still yields no form under four characters.
    expect(encodedForms('ab').filter((f) => f.length < MIN_MASK_LENGTH)).toEqual([]);
  });
});
