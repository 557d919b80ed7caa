import { randomBytes } from 'node:crypto';

/** One canary: a secret value that must never appear in any captured output. */
export interface Canary {
  readonly secret: string;
  readonly field: string;
  readonly value: string;
  /**
   * The value is random throughout (no template text), so any {@link FRAGMENT} consecutive
   * characters of it are unmistakable: the scanner then also reports a part of it (an error that
   * quotes the first bytes of a bad value), not only the whole.
   */
  readonly random?: boolean;
}

/** Characters of a random canary that count as a leak of it (base62: ~48 bits, never by chance). */
export const FRAGMENT = 8;

/** One place output was captured from (stdout of a CLI run, a log sink, an error, a file…). */
export interface Capture {
  readonly source: string;
  readonly text: string;
}

/** A canary found in a capture, with the encoding it was found in. */
export interface Hit {
  readonly source: string;
  readonly secret: string;
  readonly field: string;
  readonly form: string;
}

/**
 * The base64 characters that depend on `bytes` alone when they sit `shift` bytes into a 3-byte
 * group of a larger encoded blob (`user:password` in a Basic header): the characters mixing in
 * bits of the neighbours are left out.
 */
function base64Core(bytes: Buffer, shift: number, alphabet: 'base64' | 'base64url'): string {
  const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString(alphabet);
  return text.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
}

/**
 * The forms a value can leak in: plain, base64 and base64url at each of the three byte alignments
 * (alone or inside a larger blob), hex (both cases), URL-encoded, JSON-escaped.
 */
export function encodings(value: string): Record<string, string> {
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  const forms: Record<string, string> = {
    plain: value,
    hex,
    HEX: hex.toUpperCase(),
    url: encodeURIComponent(value),
    json: JSON.stringify(value).slice(1, -1),
  };
  for (const shift of [0, 1, 2])
    for (const alphabet of ['base64', 'base64url'] as const)
      forms[shift === 0 ? alphabet : `${alphabet}+${shift}`] = base64Core(bytes, shift, alphabet);
  return forms;
}

/** Every captured byte is searched for every form of every canary. */
export class LeakScanner {
  private readonly captures: Capture[] = [];
  private readonly canaries: Canary[];

  constructor(canaries: readonly Canary[]) {
    this.canaries = [...canaries];
  }

  /** Adds a canary made during the run (a bad value a tour plants). */
  watch(canary: Canary): void {
    this.canaries.push(canary);
  }

  /** Records output to scan later. */
  add(source: string, text: string | Uint8Array | undefined | null): void {
    if (text === undefined || text === null) return;
    this.captures.push({
      source,
      text: typeof text === 'string' ? text : Buffer.from(text).toString('utf8'),
    });
  }

  /** Bytes captured so far, to show the scan covered something. */
  get bytes(): number {
    return this.captures.reduce((n, c) => n + c.text.length, 0);
  }

  get sources(): number {
    return this.captures.length;
  }

  scan(): Hit[] {
    const hits: Hit[] = [];
    for (const canary of this.canaries) {
      for (const [form, encoded] of Object.entries(encodings(canary.value)))
        for (const capture of this.captures)
          if (capture.text.includes(encoded))
            hits.push({ source: capture.source, secret: canary.secret, field: canary.field, form });
      if (!canary.random) continue;
      const fragments = new Set<string>();
      for (let i = 0; i + FRAGMENT <= canary.value.length; i++)
        fragments.add(canary.value.slice(i, i + FRAGMENT));
      for (const capture of this.captures)
        for (const fragment of fragments)
          if (capture.text.includes(fragment)) {
            hits.push({
              source: capture.source,
              secret: canary.secret,
              field: canary.field,
              form: 'fragment',
            });
            break;
          }
    }
    return hits;
  }
}

/** Every string leaf of every value (at least 8 characters), as canaries. */
export function canariesOf(values: Readonly<Record<string, unknown>>): Canary[] {
  const out: Canary[] = [];
  for (const [secret, value] of Object.entries(values)) {
    if (typeof value === 'string') out.push({ secret, field: '', value });
    else if (value && typeof value === 'object')
      for (const [field, v] of Object.entries(value))
        if (typeof v === 'string') out.push({ secret, field, value: v });
  }
  return out.filter((c) => c.value.length >= 8);
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random base62 string: every fragment of it is a canary of its own. */
export function randomCanaryText(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE62[byte % 62];
  return out;
}
