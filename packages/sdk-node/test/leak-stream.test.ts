import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctForms } from '../src/redact/forms.js';
import { WindowIndex } from '../src/redact/window-index.js';
import { budget, propertyRuns } from './helpers/budget.js';
import { maskerOf } from './helpers/masker.js';

/** Where the first whole form of any of `values` ends in `text` (Infinity: none is there). */
function firstEnd(text: string, values: readonly string[]): number {
  let end = Number.POSITIVE_INFINITY;
  for (const value of values)
    for (const { form } of distinctForms(value)) {
      const at = text.indexOf(form);
      if (at >= 0) end = Math.min(end, at + form.length);
    }
  return end;
}

/** `text` cut at `cuts` (positions, any order, duplicates allowed). */
function pieces(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const cut of [...at, text.length]) {
    out.push(text.slice(from, cut));
    from = cut;
  }
  return out;
}

interface Step {
  /** Characters pushed so far. */
  readonly pushed: number;
  readonly leaked: boolean;
  readonly holdFrom: number | undefined;
}

/** Pushes `text` in `cuts`-sized pieces through a leak stream over `values`, recording each step. */
function stream(values: readonly string[], text: string, cuts: readonly number[]): Step[] {
  const leakStream = maskerOf(values).stream();
  let pushed = 0;
  return pieces(text, cuts).map((piece) => {
    const leaked = leakStream.push(piece);
    pushed += piece.length;
    expect(leakStream.leaked).toBe(leaked);
    return { pushed, leaked, holdFrom: leakStream.holdFrom };
  });
}

const CROWDED_PREFIX = 'postgres://app:pw-';

describe('LeakStream: a value written in pieces', () => {
  it(
    'reports a leak exactly once a whole form has arrived, however the text is cut',
    () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 4, maxLength: 40, unit: 'grapheme' }),
          fc.nat(20),
          fc.string({ maxLength: 90 }),
          fc.string({ maxLength: 20 }),
          fc.array(fc.nat(), { maxLength: 12 }),
          (value, formPick, before, after, cuts) => {
            const forms = distinctForms(value);
            const form = forms[formPick % forms.length]!.form;
            const text = `${before}${form}${after}`;
            const end = firstEnd(text, [value]);
            const wrong = stream([value], text, cuts).filter((s) => s.leaked !== s.pushed >= end);
            expect(wrong).toEqual([]);
          },
        ),
        { numRuns: propertyRuns(300), seed: 21 },
      );
    },
    budget(15_000),
  );

  it(
    'values sharing a long prefix, cut anywhere after a long preamble: each is found (the kept history reaches back far enough)',
    () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{4,40}$/), { minLength: 6, maxLength: 12 }),
          fc.nat(11),
          fc.nat(200),
          fc.array(fc.nat(), { maxLength: 10 }),
          (suffixes, pick, preamble, cuts) => {
            const values = suffixes.map((s) => `${CROWDED_PREFIX}${s}`);
            const text = `${'.'.repeat(preamble)}${values[pick % values.length]}|`;
            const end = firstEnd(text, values);
            const wrong = stream(values, text, cuts).filter((s) => s.leaked !== s.pushed >= end);
            expect(wrong).toEqual([]);
          },
        ),
        { numRuns: propertyRuns(200), seed: 22 },
      );
    },
    budget(15_000),
  );

  it(
    'holds output back from where a long value starts once enough of it has arrived, until it is complete',
    () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: WindowIndex.REACH + 1, maxLength: 120, unit: 'grapheme-ascii' }),
          fc.string({ maxLength: 60, unit: 'grapheme-ascii' }),
          fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
          (value, before, cuts) => {
            const text = `${before}${value}`;
            const start = text.indexOf(value);
            const wrong = stream([value], text, cuts).filter(
              (s) =>
                !s.leaked &&
                s.pushed >= start + WindowIndex.REACH &&
                (s.holdFrom === undefined || s.holdFrom > start),
            );
            expect(wrong).toEqual([]);
          },
        ),
        { numRuns: propertyRuns(200), seed: 23 },
      );
    },
    budget(15_000),
  );

  it(
    'periodic values (windows that repeat inside the value), cut anywhere: a leak exactly once a whole form has arrived',
    () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom(...'abxy') }),
          fc.integer({ min: 4, max: 14 }),
          fc.string({ maxLength: 4, unit: fc.constantFrom(...'abxyZ') }),
          fc.nat(3),
          fc.string({ maxLength: 30, unit: fc.constantFrom(...'abxy.') }),
          fc.array(fc.nat(), { maxLength: 12 }),
          (unit, times, tail, repeats, before, cuts) => {
            const value = `${unit.repeat(times)}${tail}`;
            if (value.length < 4) return;
            // The value's body repeated: every period is a start that may or may not complete.
            const text = `${before}${unit.repeat(repeats)}${value}.`;
            const end = firstEnd(text, [value]);
            const wrong = stream([value], text, cuts).filter((s) => s.leaked !== s.pushed >= end);
            expect(wrong).toEqual([]);
          },
        ),
        { numRuns: propertyRuns(300), seed: 24 },
      );
    },
    budget(15_000),
  );

  it('forty values sharing a prefix longer than every anchor choice, cut anywhere: each is found', () => {
    // Four values crowd each anchor choice of the shared prefix, so the last values take the last
    // choice, 64 characters in: the kept history must still reach back to where they start.
    const prefix = `-----BEGIN CERTIFICATE-----\n${'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQsw'.repeat(2)}`;
    const values = Array.from({ length: 40 }, (_, i) => `${prefix}${(i * 7919 + 1000).toString(36)}-end`);
    const masker = maskerOf(values);
    const wrong: string[] = [];
    for (let i = 30; i < values.length; i++) {
      const text = `${'.'.repeat(40 + i)}${values[i]}|`;
      for (let cut = 1; cut < text.length; cut++) {
        const leakStream = masker.stream();
        leakStream.push(text.slice(0, cut));
        if (!leakStream.push(text.slice(cut))) wrong.push(`${i}/${cut}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps a bounded history, however much text goes through', () => {
    const leakStream = maskerOf(['Zq3v9Lm2Xw7Rt5Yp8Ks4Hd6Jf1Nb0Gc']).stream();
    for (let i = 0; i < 200; i++) leakStream.push(`line ${i}: ${'x'.repeat(i % 50)}\n`);
    expect(leakStream.retained).toBe(WindowIndex.REACH);
    expect(leakStream.leaked).toBe(false);
  });

  it('a value of one repeated character: a leak exactly once all of it has arrived, at every cut', () => {
    // Every window of such a value hashes alike, so a hit can point before the start of the text.
    for (const value of ['aaaaaaa', 'a'.repeat(16), 'xyxyxyxyxy']) {
      const text = `${value}.`;
      const wrong: number[] = [];
      for (let cut = 0; cut <= text.length; cut++) {
        const steps = stream([value], text, [cut]);
        if (steps.some((s) => s.leaked !== s.pushed >= value.length)) wrong.push(cut);
      }
      expect(wrong, value).toEqual([]);
    }
  });

  it('holds from the earliest possible start, whichever tier recognised it and whenever', () => {
    // SHORT (14 characters: the index samples it every 4th position) starts one character before
    // LONG (every 8th) and contains its first 13 characters, so both are in progress at once.
    const long = 'Lm9Xv2Rt5Yp8Ks4Hd6Jf1Nb0Gc3q';
    const short = `Q${long.slice(0, 13)}`;
    const text = `.......${short.slice(0, 13)}`;
    // In one piece: both recognised in the same scan (the longer tier first).
    const together = stream([long, short], text, []);
    expect(together.at(-1)).toMatchObject({ leaked: false, holdFrom: 7 });
    // In two pieces: SHORT recognised first, LONG once its own window has arrived.
    const apart = stream([long, short], text, [12]);
    expect(apart.map((s) => s.holdFrom)).toEqual([7, 7]);
    expect(apart.some((s) => s.leaked)).toBe(false);
  });

  it('recognises the start of a value within its first 15 characters, one character at a time', () => {
    const value = 'Zq3v9Lm2Xw7Rt5Yp8Ks4Hd6Jf1Nb0Gc';
    const text = `log line: ${value} end`;
    const start = text.indexOf(value);
    const steps = stream(
      [value],
      text,
      Array.from(text, (_, i) => i + 1),
    );
    const at = (pushed: number) => steps.find((s) => s.pushed === pushed)!;
    expect(at(start).holdFrom).toBeUndefined();
    for (let pushed = start + 15; pushed < start + value.length; pushed++)
      expect(at(pushed), String(pushed)).toMatchObject({ leaked: false, holdFrom: start });
    expect(at(start + value.length).leaked).toBe(true);
    // A prefix that turns out not to be the value releases the hold.
    const disproved = stream([value], `${value.slice(0, 20)}!${'.'.repeat(40)}`, [20, 21]);
    expect(disproved.map((s) => s.holdFrom)).toEqual([0, undefined, undefined]);
    expect(disproved.some((s) => s.leaked)).toBe(false);
  });
});
