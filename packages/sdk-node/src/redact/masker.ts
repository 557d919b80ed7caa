/** What replaces a secret value in masked text. */
export const REDACTED = '[REDACTED]';

/** Shorter strings (flags, `true`, ports) would mask ordinary text everywhere; they are not secret material. */
export const MIN_MASK_LENGTH = 4;

/** Every string leaf of a value, however deeply nested. */
export function stringLeaves(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'object' && value !== null)
    for (const child of Object.values(value)) stringLeaves(child, into);
  return into;
}

/** The forms a value takes when it leaks through encodings: raw, base64, base64url, hex, URL- and JSON-escaped. */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const base64 = bytes.toString('base64');
  const forms = [
    value,
    base64,
    base64.replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    JSON.stringify(value).slice(1, -1),
  ];
  return forms.filter((form) => form.length >= MIN_MASK_LENGTH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds and masks loaded values. The set of forms is compiled into one alternation regex
 * (longest first) whenever values change, so a check is a single scan of the text; a text with no
 * secret costs one failed regex pass — about O(length × forms that share a first character).
 */
export class Masker {
  private sources: () => Iterable<unknown>;
  private dirty = true;
  private finder: RegExp | undefined;
  private replacer: RegExp | undefined;

  constructor(sources: () => Iterable<unknown>) {
    this.sources = sources;
  }

  /** Call when any loaded value changed. */
  invalidate(): void {
    this.dirty = true;
  }

  private compile(): void {
    this.dirty = false;
    const forms = new Set<string>();
    for (const value of this.sources()) {
      for (const leaf of stringLeaves(value)) {
        if (leaf.length < MIN_MASK_LENGTH) continue;
        for (const form of encodedForms(leaf)) forms.add(form);
      }
    }
    if (forms.size === 0) {
      this.finder = this.replacer = undefined;
      return;
    }
    const pattern = [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|');
    this.finder = new RegExp(pattern);
    this.replacer = new RegExp(pattern, 'g');
  }

  /** True when `text` holds any loaded value in any of its forms. */
  contains(text: string): boolean {
    if (this.dirty) this.compile();
    return this.finder?.test(text) === true;
  }

  /** `text` with every loaded value (and its encodings) replaced by `[REDACTED]`. */
  mask(text: string): string {
    if (this.dirty) this.compile();
    return this.replacer === undefined ? text : text.replace(this.replacer, REDACTED);
  }
}
