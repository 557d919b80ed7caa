import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctForms, encodedForms, REDACTED } from '../src/redact/forms.js';
import { Masker, type MaskSource } from '../src/redact/masker.js';
import { WindowIndex } from '../src/redact/window-index.js';
import { budget, propertyRuns } from './helpers/budget.js';
import { maskerOf } from './helpers/masker.js';

/** A source whose values a test changes, as a secret's cache cell does on rotation. */
function source(...values: string[]): MaskSource & { values: string[] } {
  return {
    values,
    maskedValues() {
      return this.values;
    },
  };
}

/**
 * Values that share a long prefix (connection strings of one database, keys of one issuer): their
 * first windows all hash alike, so the index must pick other anchors for them, within each form.
 */
const crowded = fc.uniqueArray(
  fc.string({
    minLength: 4,
    maxLength: 14,
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
  }),
  { minLength: 6, maxLength: 14 },
);
const PREFIX = 'postgres://app:pw-';

/** The texts that must reveal `form`: the form at every alignment against the index's strides. */
function alignments(form: string): string[] {
  return Array.from({ length: 8 }, (_, pad) => `${'~'.repeat(pad)}${form}>`);
}

describe('Masker bookkeeping', () => {
  it('a value two secrets share stays masked until the last one holding it drops it', () => {
    const masker = new Masker();
    const shared = 'shared-password-0123456789';
    const a = source(shared);
    const b = source(shared, 'only-in-b-0123456789');
    masker.changed(a);
    masker.changed(b);
    expect(masker.mask(`[${shared}]`)).toBe(`[${REDACTED}]`);
    a.values = ['rotated-a-0123456789'];
    masker.changed(a);
    expect(masker.mask(`[${shared}]`)).toBe(`[${REDACTED}]`);
    expect(masker.patternCount).toBe(
      [shared, 'only-in-b-0123456789', 'rotated-a-0123456789'].reduce(
        (n, v) => n + distinctForms(v).length,
        0,
      ),
    );
    masker.forget(b);
    expect(masker.mask(`[${shared}]`)).toBe(`[${shared}]`);
    expect(masker.mask('only-in-b-0123456789')).toBe('only-in-b-0123456789');
    masker.forget(a);
    // Nothing of a dropped value stays indexed.
    expect(masker.patternCount).toBe(0);
    expect(masker.mask('rotated-a-0123456789')).toBe('rotated-a-0123456789');
  });

  it('values that overlap or contain one another are masked as one span, leaving no part of any', () => {
    const masker = maskerOf(['abcd-efgh-1234', 'efgh-1234-wxyz', 'cd-efgh']);
    expect(masker.mask('<abcd-efgh-1234-wxyz>')).toBe(`<${REDACTED}>`);
    expect(masker.mask('<abcd-efgh-1234>')).toBe(`<${REDACTED}>`);
    expect(masker.mask('<abcd-efgh-1234 cd-efgh>')).toBe(`<${REDACTED} ${REDACTED}>`);
  });
});

describe('WindowIndex', () => {
  it(
    'finds every value sharing a long prefix with others, at every alignment, in each of its forms',
    () => {
      fc.assert(
        fc.property(crowded, (suffixes) => {
          const values = suffixes.map((s) => `${PREFIX}${s}`);
          const masker = maskerOf(values);
          const missed = values.flatMap((v) =>
            encodedForms(v).flatMap((form) =>
              alignments(form).filter((text) => {
                const masked = masker.mask(text);
                return masked.includes(form) || !masked.includes(REDACTED);
              }),
            ),
          );
          expect(missed).toEqual([]);
        }),
        { numRuns: propertyRuns(40), seed: 5 },
      );
    },
    budget(15_000),
  );

  it(
    'after values are dropped, the others are still found and the dropped ones no longer are',
    () => {
      fc.assert(
        fc.property(crowded, fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }), (suffixes, drop) => {
          const masker = new Masker();
          const sources = suffixes.map((s) => source(`${PREFIX}${s}`));
          for (const s of sources) masker.changed(s);
          masker.prepare();
          sources.forEach((s, i) => {
            if (drop[i]) masker.forget(s);
          });
          const wrong = sources.flatMap((s, i) =>
            alignments(s.values[0]!).filter((text) => masker.contains(text) === Boolean(drop[i])),
          );
          expect(wrong).toEqual([]);
        }),
        { numRuns: propertyRuns(60), seed: 8 },
      );
    },
    budget(15_000),
  );

  it('rotating one value thousands of times keeps the tables at their size (dropped anchors are reclaimed)', () => {
    const index = new WindowIndex();
    const rotate = (previous: number[], i: number): number[] => {
      for (const id of previous) index.remove(id);
      const value = `rotating-value-${i}-${'k'.repeat(40)}`;
      return distinctForms(value).map(({ kind, form }) => index.add(value, kind, form));
    };
    let ids: number[] = [];
    // The first rotations may grow a table once, before dropped anchors outnumber live ones.
    for (let i = 0; i < 50; i++) ids = rotate(ids, i);
    const settled = index.tableBytes;
    // The anchor pool (8 KiB) and three tables of 12 bytes a slot, 1,024 to 2,048 slots each.
    expect(settled).toBeGreaterThanOrEqual(8 * 1024 + 3 * 12 * 1024);
    expect(settled).toBeLessThanOrEqual(8 * 1024 + 3 * 12 * 2048);
    for (let i = 50; i < 2_000; i++) ids = rotate(ids, i);
    expect(index.tableBytes).toBe(settled);
    expect(index.size).toBe(ids.length);
  });
});
