import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budget, propertyRuns } from './helpers/budget.js';
import { maskerOf } from './helpers/masker.js';

/**
 * The encoders a Node service writes text with, as the platform implements them: the masker must
 * find a loaded value in their output. These are the oracles — the masker's own list of forms
 * (`encodedForms`) is not used here, so a wrong form cannot agree with itself.
 */
const ENCODERS: Record<string, (value: string) => string> = {
  encodeURIComponent,
  'encodeURIComponent, + for spaces': (v) => encodeURIComponent(v).replace(/%20/g, '+'),
  encodeURI,
  URLSearchParams: (v) => new URLSearchParams({ k: v }).toString().slice('k='.length),
  base64: (v) => Buffer.from(v).toString('base64'),
  base64url: (v) => Buffer.from(v).toString('base64url'),
  hex: (v) => Buffer.from(v).toString('hex'),
  'hex, upper case': (v) => Buffer.from(v).toString('hex').toUpperCase(),
  'JSON string': (v) => JSON.stringify(v).slice(1, -1),
};

const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/** The encoders whose output differs from the value itself (those the masker must find as such). */
function encodings(value: string): [string, string][] {
  return Object.entries(ENCODERS).map(([name, encode]) => [name, encode(value)]);
}

describe('mask() finds a value as each encoder writes it', () => {
  it('every printable ASCII character and non-ASCII text, in every encoding', () => {
    for (const value of [PRINTABLE_ASCII, `pass word!(x)~'*é€😀`, 'a+b/c?d=e&f#g@h:i;j,k$l']) {
      const masker = maskerOf([value]);
      for (const [name, encoded] of encodings(value)) {
        const text = `q=${encoded}&next=1`;
        // Base64 keeps its last character when it also carries bits of what follows the value.
        expect(masker.mask(text), name).toMatch(/^q=\[REDACTED\][\w+/=-]{0,3}&next=1$/);
        expect(masker.contains(text), name).toBe(true);
      }
    }
  });

  it(
    'any text, in every encoding (property-based)',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ minLength: 4, maxLength: 30, unit: 'grapheme-ascii' }),
            fc.string({ minLength: 4, maxLength: 20, unit: 'grapheme' }),
          ),
          (value) => {
            const masker = maskerOf([value]);
            // One assertion per run: the names of the encodings the masker missed.
            const missed = encodings(value)
              .filter(([, encoded]) => masker.mask(`<${encoded}>`).includes(encoded))
              .map(([name]) => name);
            expect(missed).toEqual([]);
          },
        ),
        { numRuns: propertyRuns(300), seed: 12 },
      );
    },
    budget(15_000),
  );

  it('masks values of four characters or more; shorter ones (flags, ports) are left alone', () => {
    const masker = maskerOf(['abcd', 'xyz']);
    expect(masker.mask('abcd xyz')).toBe('[REDACTED] xyz');
    expect(masker.mask(Buffer.from('abcd').toString('hex'))).toBe('[REDACTED]');
  });
});

describe('mask() finds a value JSON.stringify escapes', () => {
  it('control characters, quotes, backslashes and lone surrogates: in the JSON-escaped form', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    for (const value of [
      pem,
      'tab\tseparated\tkey',
      'quote"inside',
      'back\\slash',
      'lone\ud800high',
      'lone\udfffend',
      // Made only of characters the JSON form changes, or of ones above the surrogates.
      '\u0001\u0002\u0003\u0004',
      '\u001f\n\r\t\b',
      '\ue000\ud800\ue001\uffee',
      '\udfff\uf000\uf001\uf002',
    ]) {
      const masker = maskerOf([value]);
      const escaped = JSON.stringify(value).slice(1, -1);
      expect(masker.mask(`{"k":"${escaped}"}`), JSON.stringify(value)).toBe('{"k":"[REDACTED]"}');
    }
  });
});
