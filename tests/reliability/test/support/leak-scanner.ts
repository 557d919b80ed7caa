/** One canary: a secret value that must never appear in any captured output. */
export interface Canary {
  readonly secret: string;
  readonly field: string;
  readonly value: string;
}

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

const stripPadding = (s: string): string => s.replace(/=+$/, '');

/** The forms a value can leak in: plain, base64, base64url, hex (both cases), URL-encoded, JSON-escaped. */
export function encodings(value: string): Record<string, string> {
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  return {
    plain: value,
    base64: stripPadding(bytes.toString('base64')),
    base64url: bytes.toString('base64url'),
    hex,
    HEX: hex.toUpperCase(),
    url: encodeURIComponent(value),
    json: JSON.stringify(value).slice(1, -1),
  };
}

/** Every captured byte is searched for every form of every canary. */
export class LeakScanner {
  private readonly captures: Capture[] = [];

  constructor(private readonly canaries: readonly Canary[]) {}

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
    for (const canary of this.canaries)
      for (const [form, encoded] of Object.entries(encodings(canary.value)))
        for (const capture of this.captures)
          if (capture.text.includes(encoded))
            hits.push({ source: capture.source, secret: canary.secret, field: canary.field, form });
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
