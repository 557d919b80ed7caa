/** What replaces a secret value in masked text. */
export const REDACTED = '[REDACTED]';

/** Shorter strings (flags, `true`, ports) would mask ordinary text everywhere; they are not secret material. */
export const MIN_MASK_LENGTH = 4;

/**
 * The ways a value can appear in text. Base64 comes in three alignments because a value inside a
 * larger encoded blob (`user:password` in a Basic header) starts at byte offset 0, 1 or 2 of a
 * 3-byte group; each alignment is matched by its *core*, the characters that depend on the value's
 * bytes alone, so the value is found whatever bytes surround it.
 */
export type FormKind =
  | 'raw'
  | 'base64'
  | 'base64url'
  | 'base64+1'
  | 'base64url+1'
  | 'base64+2'
  | 'base64url+2'
  | 'hex'
  | 'HEX'
  | 'url'
  | 'url+'
  | 'uri'
  | 'form'
  | 'json';

export const FORM_KINDS: readonly FormKind[] = [
  'raw',
  'base64',
  'base64url',
  'base64+1',
  'base64url+1',
  'base64+2',
  'base64url+2',
  'hex',
  'HEX',
  'url',
  'url+',
  'uri',
  'form',
  'json',
];

const ZEROS = Buffer.alloc(2);

/**
 * Base64 characters that depend only on `bytes` when they start `shift` bytes into a 3-byte group:
 * the characters covering bits of the bytes before (the shift) or after (the next value) are left out.
 */
function base64Core(bytes: Buffer, shift: 0 | 1 | 2, alphabet: 'base64' | 'base64url'): string {
  const padded = shift === 0 ? bytes : Buffer.concat([ZEROS.subarray(0, shift), bytes]);
  const text = padded.toString(alphabet);
  const first = Math.ceil((8 * shift) / 6);
  const last = Math.floor((8 * (shift + bytes.length)) / 6);
  return text.slice(first, last);
}

/**
 * A percent-encoder: the ASCII punctuation it leaves as is (letters and digits always stay), and
 * whether it writes a space as `+`. JavaScript's own encoders differ exactly there, so a value is
 * looked for as each of them writes it.
 */
interface PercentEncoder {
  readonly kept: string;
  readonly spaceAsPlus: boolean;
}

const PERCENT_ENCODERS = {
  /** `encodeURIComponent`, Node's `querystring`; `url+` is the same with `+` for spaces. */
  url: { kept: "-_.!~*'()", spaceAsPlus: false },
  'url+': { kept: "-_.!~*'()", spaceAsPlus: true },
  /** `encodeURI`: also keeps the URI's reserved characters. */
  uri: { kept: "-_.!~*'();,/?:@&=+$#", spaceAsPlus: false },
  /** `URLSearchParams` (application/x-www-form-urlencoded): escapes `!'()~`, a space is `+`. */
  form: { kept: '-_.*', spaceAsPlus: true },
} as const satisfies Record<string, PercentEncoder>;

type PercentKind = keyof typeof PERCENT_ENCODERS;

const HEX_DIGITS = '0123456789ABCDEF';

/** Each byte's encoding under `encoder`, precomputed. */
function percentTable({ kept, spaceAsPlus }: PercentEncoder): readonly string[] {
  return Array.from({ length: 256 }, (_, byte) => {
    const char = String.fromCharCode(byte);
    if (/^[A-Za-z0-9]$/.test(char) || kept.includes(char)) return char;
    if (byte === 0x20 && spaceAsPlus) return '+';
    return `%${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`;
  });
}

const PERCENT_TABLES = Object.fromEntries(
  Object.entries(PERCENT_ENCODERS).map(([kind, encoder]) => [kind, percentTable(encoder)]),
) as Record<PercentKind, readonly string[]>;

/**
 * Percent-encoding of the UTF-8 bytes as the `kind` encoder writes it, identical to that encoder
 * for well-formed text; unlike `encodeURIComponent`, never throws (a lone surrogate is encoded as
 * U+FFFD, as `Buffer.from` does).
 */
export function percentEncode(bytes: Buffer, kind: PercentKind): string {
  const table = PERCENT_TABLES[kind];
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += table[bytes[i]!]!;
  return out;
}

/** True when `kind` writes every one of `bytes` as it is (the form would be the raw value). */
function percentIsRaw(bytes: Buffer, kind: PercentKind): boolean {
  const table = PERCENT_TABLES[kind];
  return bytes.every((byte) => table[byte] === String.fromCharCode(byte));
}

/** One form of `value`; `bytes` is its UTF-8 encoding (passed in so callers encode once). */
export function formOf(value: string, bytes: Buffer, kind: FormKind): string {
  switch (kind) {
    case 'raw':
      return value;
    case 'base64':
      return base64Core(bytes, 0, 'base64');
    case 'base64url':
      return base64Core(bytes, 0, 'base64url');
    case 'base64+1':
      return base64Core(bytes, 1, 'base64');
    case 'base64url+1':
      return base64Core(bytes, 1, 'base64url');
    case 'base64+2':
      return base64Core(bytes, 2, 'base64');
    case 'base64url+2':
      return base64Core(bytes, 2, 'base64url');
    case 'hex':
      return bytes.toString('hex');
    case 'HEX':
      return bytes.toString('hex').toUpperCase();
    case 'url':
    case 'url+':
    case 'uri':
    case 'form':
      return percentEncode(bytes, kind);
    case 'json':
      return JSON.stringify(value).slice(1, -1);
  }
}

/** Whether `JSON.stringify` escapes any character of `value` (quote, backslash, control, surrogate). */
function needsJsonEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/**
 * The distinct forms of `value` the masker recognises, each at least {@link MIN_MASK_LENGTH} long,
 * with the kind that produced it (the first kind wins when two kinds give the same text). Forms that
 * are certainly equal to an earlier one are not built at all: that is most of the cost of indexing.
 */
export function distinctForms(value: string): { kind: FormKind; form: string }[] {
  const bytes = Buffer.from(value, 'utf8');
  const seen = new Set<string>();
  const out: { kind: FormKind; form: string }[] = [];
  const ascii = bytes.length === value.length;
  const hasSpace = bytes.includes(0x20);
  for (const kind of FORM_KINDS) {
    if (kind === 'url+' && !hasSpace) continue; // the same as 'url'
    if (kind in PERCENT_ENCODERS && ascii && percentIsRaw(bytes, kind as PercentKind)) continue;
    if (kind === 'json' && !needsJsonEscape(value)) continue;
    const form = formOf(value, bytes, kind);
    if (form.length < MIN_MASK_LENGTH || seen.has(form)) continue;
    seen.add(form);
    out.push({ kind, form });
  }
  return out;
}

/**
 * The forms a value takes when it leaks through encodings: raw, base64 (padded and not), base64url,
 * hex (both cases), URL-encoded as `encodeURIComponent` (`%20` or `+` for spaces), `encodeURI` and
 * `URLSearchParams` write it, JSON-escaped, and the base64 cores of the value at byte offsets 1 and
 * 2 of a larger blob. `mask()` replaces each of them; tests use this list
 * to look for leaks.
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const padded = bytes.toString('base64');
  const forms = [
    padded,
    padded.replace(/=+$/, ''),
    bytes.toString('base64url'),
    ...distinctForms(value).map((f) => f.form),
  ];
  return [...new Set(forms)].filter((form) => form.length >= MIN_MASK_LENGTH);
}
