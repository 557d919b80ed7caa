import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctForms, REDACTED } from '../src/redact/forms.js';
import { Masker, type MaskSource } from '../src/redact/masker.js';
import { budget, propertyRuns } from './helpers/budget.js';
import { maskerOf } from './helpers/masker.js';

/**
 * What `mask()` must return, computed the slow and obvious way: every occurrence of every form of
 * every value (overlapping ones too), the union of those spans replaced by one `[REDACTED]` each.
 */
function referenceMask(text: string, values: readonly string[]): string {
  const spans: [number, number][] = [];
  for (const value of values)
    for (const { form } of distinctForms(value))
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
        spans.push([at, at + form.length]);
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = 0;
  for (let i = 0; i < spans.length; ) {
    const start = spans[i]![0];
    let end = spans[i]![1];
    for (i++; i < spans.length && spans[i]![0] < end; i++) end = Math.max(end, spans[i]![1]);
    out += text.slice(cursor, start) + REDACTED;
    cursor = end;
  }
  return out + text.slice(cursor);
}

/**
 * Values of every tier the index has (4–6 characters: every position sampled; 7–14: every 4th;
 * 15 and more: every 8th) and periodic ones (`abab…`), whose windows repeat inside the value, so an
 * anchor hit can point before the start of the text.
 */
const value = fc.oneof(
  fc.string({ minLength: 4, maxLength: 40, unit: fc.constantFrom(...'abcdefgh0123-_') }),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 5, unit: fc.constantFrom(...'abxy') }),
      fc.integer({ min: 4, max: 12 }),
    )
    .map(([unit, times]) => unit.repeat(times))
    .filter((v) => v.length >= 4),
);

describe('Masker against a reference', () => {
  it(
    'masks exactly the union of every occurrence of every form, whatever the tiers and the order in the text',
    () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(value, { minLength: 1, maxLength: 5 }),
          fc.array(
            fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 12, unit: fc.constantFrom(...'ab0-x ') })),
            {
              maxLength: 6,
            },
          ),
          (values, parts) => {
            // The text: values' forms (cut short or whole) between fillers, in an arbitrary order.
            const text = parts
              .map(([pick, cut, filler]) => {
                const forms = distinctForms(values[pick % values.length]!);
                const form = forms[pick % forms.length]!.form;
                return `${filler}${cut === 0 ? form.slice(0, -1) : form}`;
              })
              .join('');
            const masker = maskerOf(values);
            const expected = referenceMask(text, values);
            expect(masker.mask(text)).toBe(expected);
            expect(masker.contains(text)).toBe(expected !== text);
          },
        ),
        { numRuns: propertyRuns(400), seed: 12 },
      );
    },
    budget(15_000),
  );

  it('a short value before a long one: both masked (spans of different tiers in text order)', () => {
    const masker = maskerOf(['k3y9', 'Zq3v9Lm2Xw7Rt5Yp8Ks4Hd6Jf1Nb0Gc']);
    expect(masker.mask('a=k3y9 b=Zq3v9Lm2Xw7Rt5Yp8Ks4Hd6Jf1Nb0Gc c=k3y9')).toBe(
      `a=${REDACTED} b=${REDACTED} c=${REDACTED}`,
    );
  });

  it('a periodic value at the very start of the text is masked there, not before it', () => {
    const periodic = 'ab'.repeat(20);
    const masker = maskerOf([periodic]);
    expect(masker.mask(`${periodic} end`)).toBe(`${REDACTED} end`);
    expect(masker.mask(`${periodic.slice(6)} end`)).toBe(`${periodic.slice(6)} end`);
  });
});

describe('Masker: which leaves are values', () => {
  it('skips null, numbers and booleans inside a value, and masks its strings', () => {
    const masker = maskerOf([
      { host: 'db.internal.example', port: 5432, tls: true, replica: null, pw: 'p4ss-w0rd-xyz' },
    ]);
    expect(masker.mask('nothing to hide')).toBe('nothing to hide');
    expect(masker.contains('nothing to hide')).toBe(false);
    expect(masker.mask('pw=p4ss-w0rd-xyz')).toBe(`pw=${REDACTED}`);
  });

  it('a leaf shorter than four characters is not secret material: none of its encodings is masked', () => {
    const masker = maskerOf([{ flag: 'abc', key: 'long-enough-key' }]);
    const short = Buffer.from('abc');
    const text = `abc ${short.toString('base64')} ${short.toString('hex')} ${short.toString('hex').toUpperCase()}`;
    expect(masker.mask(text)).toBe(text);
    expect(masker.patternCount).toBe(distinctForms('long-enough-key').length);
  });
});

describe('Masker: a source that keeps a leaf across changes', () => {
  it('stops masking the leaf once the source drops it, however many times it was re-indexed with it', () => {
    const masker = new Masker();
    const cell: MaskSource & { values: unknown[] } = {
      values: [{ user: 'alice-admin-01', password: 'first-password-1' }],
      maskedValues() {
        return this.values;
      },
    };
    masker.changed(cell);
    expect(masker.mask('alice-admin-01')).toBe(REDACTED);
    cell.values = [{ user: 'alice-admin-01', password: 'second-password-2' }];
    masker.changed(cell);
    masker.changed(cell);
    expect(masker.mask('alice-admin-01 first-password-1')).toBe(`${REDACTED} first-password-1`);
    masker.forget(cell);
    expect(masker.mask('alice-admin-01')).toBe('alice-admin-01');
    expect(masker.patternCount).toBe(0);
  });
});
