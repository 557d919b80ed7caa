import { distinctForms, formOf, MIN_MASK_LENGTH, REDACTED } from './forms.js';
import { type Pattern, WindowIndex } from './window-index.js';

export { encodedForms, MIN_MASK_LENGTH, REDACTED } from './forms.js';

/** Something that holds values the masker must know: a secret's cache cell. */
export interface MaskSource {
  /** Every value held right now (current, previous…), any shape: string leaves are masked. */
  maskedValues(): Iterable<unknown>;
}

/** Every string leaf of a value, however deeply nested (iterative: no recursion limit to hit). */
export function stringLeaves(value: unknown, into: string[] = []): string[] {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') into.push(item);
    else if (typeof item === 'object' && item !== null)
      for (const child of Object.values(item)) stack.push(child);
  }
  return into;
}

interface LeafEntry {
  refs: number;
  /** Index handles of the leaf's forms. */
  readonly patterns: readonly number[];
}

/** A form found in a text: `[start, end)` in UTF-16 code units. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** The text of a pattern's form, rebuilt on demand (the index keeps only hashes). */
function patternText(pattern: Pattern): string {
  return pattern.kind === 'raw'
    ? pattern.leaf
    : formOf(pattern.leaf, Buffer.from(pattern.leaf, 'utf8'), pattern.kind);
}

/**
 * Finds and masks loaded values in text. Each string leaf of a loaded value (4+ characters) is
 * indexed by hashes of a few windows of each of its forms (see forms.ts and window-index.ts); a scan
 * hashes a window every few characters of the text, makes one table read for each, and verifies the
 * rare hits against the rebuilt form. So a check costs about the same whatever the number or size
 * of the loaded values, the index costs a few dozen bytes per form, and a rotation re-indexes only
 * the values that changed, when they change. The index is built at the first use (or `prepare()`),
 * so a client that never masks holds none. Nothing here throws: a failure inside a scan masks the
 * whole text (`mask`) or reports a leak (`contains`), and no error leaves the masker.
 */
export class Masker {
  readonly #index = new WindowIndex();
  readonly #leaves = new Map<string, LeafEntry>();
  readonly #bySource = new Map<MaskSource, readonly string[]>();
  /** Sources seen before the first scan: a client that never masks never pays for the index. */
  readonly #pending = new Set<MaskSource>();
  #active = false;

  /**
   * `source`'s values appeared, changed or were dropped. Once the masker is in use this re-indexes
   * the leaves that changed at once (a rotation costs the new value's forms, nothing else).
   */
  changed(source: MaskSource): void {
    if (this.#active) this.#reindex(source);
    else this.#pending.add(source);
  }

  /** Stops masking `source`'s values. */
  forget(source: MaskSource): void {
    this.#pending.delete(source);
    this.#replace(source, []);
  }

  /** Builds the index now rather than at the first scan (guards call this when installed). */
  prepare(): void {
    if (this.#active) return;
    this.#active = true;
    for (const source of this.#pending) this.#reindex(source);
    this.#pending.clear();
  }

  /** Forms indexed right now. */
  get patternCount(): number {
    this.prepare();
    return this.#index.size;
  }

  /** True when `text` holds any loaded value in any of its forms. */
  contains(text: string): boolean {
    try {
      this.prepare();
      return this.#index.scan(text, (pattern, start) => matchesAt(text, pattern, start));
    } catch {
      return true;
    }
  }

  /** `text` with every loaded value (in each form) replaced by `[REDACTED]`. */
  mask(text: string): string {
    try {
      this.prepare();
      const spans: Span[] = [];
      this.#index.scan(text, (pattern, start) => {
        if (matchesAt(text, pattern, start)) spans.push({ start, end: start + pattern.length });
        return false;
      });
      return spans.length === 0 ? text : redactSpans(text, spans);
    } catch {
      return REDACTED;
    }
  }

  /** A scanner for a text that arrives in pieces (a streamed response body). */
  stream(): LeakStream {
    this.prepare();
    return new LeakStream(this.#index);
  }

  #reindex(source: MaskSource): void {
    const leaves = new Set<string>();
    for (const value of source.maskedValues())
      for (const leaf of stringLeaves(value)) if (leaf.length >= MIN_MASK_LENGTH) leaves.add(leaf);
    this.#replace(source, [...leaves]);
  }

  #replace(source: MaskSource, next: readonly string[]): void {
    const previous = this.#bySource.get(source) ?? [];
    for (const leaf of next) if (!previous.includes(leaf)) this.#retain(leaf);
    for (const leaf of previous) if (!next.includes(leaf)) this.#release(leaf);
    if (next.length === 0) this.#bySource.delete(source);
    else this.#bySource.set(source, next);
  }

  #retain(leaf: string): void {
    const entry = this.#leaves.get(leaf);
    if (entry) {
      entry.refs++;
      return;
    }
    const patterns = distinctForms(leaf).map(({ kind, form }) => this.#index.add(leaf, kind, form));
    this.#leaves.set(leaf, { refs: 1, patterns });
  }

  #release(leaf: string): void {
    const entry = this.#leaves.get(leaf);
    if (!entry || --entry.refs > 0) return;
    for (const pattern of entry.patterns) this.#index.remove(pattern);
    this.#leaves.delete(leaf);
  }
}

/** Whether `pattern`'s form occurs in `text` at `start`. */
function matchesAt(text: string, pattern: Pattern, start: number): boolean {
  if (start < 0 || start + pattern.length > text.length) return false;
  if (pattern.kind === 'raw') return text.startsWith(pattern.leaf, start);
  return text.startsWith(patternText(pattern), start);
}

/** Replaces the union of `spans` (overlapping ones merged) with `[REDACTED]`. */
function redactSpans(text: string, spans: Span[]): string {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  let open: Span | undefined;
  for (const span of spans) {
    if (open && span.start < open.end) {
      if (span.end > open.end) open = { start: open.start, end: span.end };
      continue;
    }
    if (open) {
      out += `${text.slice(cursor, open.start)}${REDACTED}`;
      cursor = open.end;
    }
    open = span;
  }
  if (open) {
    out += `${text.slice(cursor, open.start)}${REDACTED}`;
    cursor = open.end;
  }
  return out + text.slice(cursor);
}

/** A form whose start was recognised and whose remaining characters have not all arrived yet. */
interface Candidate {
  readonly form: string;
  /** Stream position (in UTF-16 code units) where the form starts. */
  readonly start: number;
  /** Characters of the form matched so far. */
  matched: number;
}

/**
 * Looks for loaded values in a text fed piece by piece, with bounded memory: it keeps the last
 * few dozen characters (enough to see an anchor window and how far back its form starts) and the
 * forms recognised but not yet complete. `push` reports a leak once a whole form has arrived; `holdFrom`
 * says from which stream position the caller must hold output back, because a value may be in
 * progress there. Never throws: an internal failure reports a leak.
 */
export class LeakStream {
  readonly #index: WindowIndex;
  #history = '';
  /** Stream position of `#history[0]`. */
  #historyStart = 0;
  #candidates: Candidate[] = [];
  #leaked = false;

  constructor(index: WindowIndex) {
    this.#index = index;
  }

  /** True once a whole loaded value has been seen. */
  get leaked(): boolean {
    return this.#leaked;
  }

  /** Characters of past text kept to recognise values across pieces: at most `WindowIndex.REACH`. */
  get retained(): number {
    return this.#history.length;
  }

  /** Stream position from which output may belong to a value still arriving; undefined when none. */
  get holdFrom(): number | undefined {
    let earliest: number | undefined;
    for (const c of this.#candidates) if (earliest === undefined || c.start < earliest) earliest = c.start;
    return earliest;
  }

  /** Feeds the next piece of text; returns true when a whole value has now been seen. */
  push(chunk: string): boolean {
    if (this.#leaked || chunk.length === 0) return this.#leaked;
    try {
      this.#advanceCandidates(chunk);
      if (!this.#leaked) this.#findNew(chunk);
    } catch {
      this.#leaked = true;
    }
    return this.#leaked;
  }

  #advanceCandidates(chunk: string): void {
    const still: Candidate[] = [];
    for (const c of this.#candidates) {
      const need = c.form.length - c.matched;
      const take = Math.min(need, chunk.length);
      if (!c.form.startsWith(chunk.slice(0, take), c.matched)) continue;
      if (take === need) {
        this.#leaked = true;
        return;
      }
      c.matched += take;
      still.push(c);
    }
    this.#candidates = still;
  }

  #findNew(chunk: string): void {
    const text = this.#history + chunk;
    const origin = this.#historyStart;
    // Only anchor windows that end inside the new chunk: earlier ones were seen by an earlier push,
    // and the forms they started are among the candidates already.
    this.#index.scan(
      text,
      (pattern, start) => {
        // A form starting before the kept history would start before the stream did.
        if (start < 0) return false;
        const form = patternText(pattern);
        const available = Math.min(form.length, text.length - start);
        if (!form.startsWith(text.slice(start, start + available))) return false;
        if (available === form.length) {
          this.#leaked = true;
          return true;
        }
        if (!this.#candidates.some((c) => c.start === origin + start && c.form === form))
          this.#candidates.push({ form, start: origin + start, matched: available });
        return false;
      },
      origin,
      this.#history.length,
    );
    const keep = WindowIndex.REACH;
    if (text.length > keep) {
      this.#historyStart = origin + text.length - keep;
      this.#history = text.slice(-keep);
    } else this.#history = text;
  }
}
