import type { FormKind } from './forms.js';

/**
 * One form of one loaded value. The form text itself is not kept — it is rebuilt from the value to
 * verify a hit — so the index costs a few dozen bytes per form whatever the value's size.
 */
export interface Pattern {
  /** The string leaf of a loaded value this form encodes. */
  readonly leaf: string;
  readonly kind: FormKind;
  /** Length of the form, in UTF-16 code units. */
  readonly length: number;
}

/** Called for each anchor hit: the pattern and where its form would start; true stops the scan. */
export type HitVisitor = (pattern: Pattern, start: number) => boolean;

/**
 * A tier samples the text every `stride` characters and hashes the `width` characters there. A form
 * of length ≥ width + stride − 1 always covers one sampled window whatever its position, so it is
 * registered once per residue (its offset modulo the stride) and found exactly once per occurrence.
 * Shorter forms fall to the next tier; the last samples every position.
 */
const TIERS = [
  { width: 8, stride: 8 },
  { width: 4, stride: 4 },
  { width: 4, stride: 1 },
] as const;
const MAX_STRIDE = Math.max(...TIERS.map((t) => t.stride));
/** Per residue, the anchor may sit this many strides further in, to avoid prefixes many values share. */
const ANCHOR_CHOICES = 8;
/** Below this many anchors sharing a hash, the first fitting window is good enough. */
const CROWDED = 4;
const BASE = 0x01000193;
const EMPTY = -1;
const DELETED = -2;

/** Polynomial hash of `text[from, from + width)`, mod 2^32. */
function windowHash(text: string, from: number, width: number): number {
  let h = 0;
  for (let i = from; i < from + width; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * Anchors of one tier in an open-addressing hash table of parallel typed arrays (hash, pattern id,
 * offset of the anchor in its form): 12 bytes a slot at ≤ 50% load, and a lookup that misses — the
 * common case — costs one array read.
 */
class AnchorTable {
  readonly width: number;
  readonly stride: number;
  #hashes = new Int32Array(1024);
  #ids = new Int32Array(1024).fill(EMPTY);
  #offsets = new Int32Array(1024);
  #shift = 32 - 10;
  #live = 0;
  #used = 0;

  constructor(width: number, stride: number) {
    this.width = width;
    this.stride = stride;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.#ids.length * 12;
  }

  /** The shortest form this tier can hold. */
  get minLength(): number {
    return this.width + this.stride - 1;
  }

  /** The furthest an anchor window can end from its form's start. */
  get reach(): number {
    return this.stride - 1 + (ANCHOR_CHOICES - 1) * this.stride + this.width;
  }

  /**
   * Registers `form` (pattern `id`): one anchor per residue, each where few others share its hash.
   * Writes the anchors' hashes into `anchors` (which `remove` needs back).
   */
  add(id: number, form: string, anchors: Int32Array): void {
    for (let residue = 0; residue < this.stride; residue++) {
      let best = residue;
      let bestHash = windowHash(form, residue, this.width);
      let crowding = this.#count(bestHash);
      for (let choice = 1; crowding >= CROWDED && choice < ANCHOR_CHOICES; choice++) {
        const offset = residue + choice * this.stride;
        if (offset + this.width > form.length) break;
        const hash = windowHash(form, offset, this.width);
        const here = this.#count(hash);
        if (here < crowding) {
          best = offset;
          bestHash = hash;
          crowding = here;
        }
      }
      this.#insert(bestHash, id, best);
      anchors[residue] = bestHash;
    }
  }

  /** Removes the anchors of pattern `id`, found along the probe chains of their hashes. */
  remove(id: number, anchors: Int32Array): void {
    const ids = this.#ids;
    const mask = ids.length - 1;
    for (let residue = 0; residue < this.stride; residue++) {
      const hash = anchors[residue]!;
      for (
        let slot = Math.imul(hash, 0x9e3779b1) >>> this.#shift;
        ids[slot] !== EMPTY;
        slot = (slot + 1) & mask
      ) {
        if (ids[slot] !== id || this.#hashes[slot] !== hash) continue;
        ids[slot] = DELETED;
        this.#live--;
        break;
      }
    }
    // Deleted slots lengthen probe chains: rebuild once they outnumber the live anchors.
    if (this.#used > this.#live * 2 && this.#used > 512) this.#resize(ids.length);
  }

  /**
   * Visits the anchors whose hash equals a sampled window of `text` ending after `after`. Windows
   * are sampled where `origin + position` is a multiple of the stride (`origin`: stream position of
   * `text[0]`), so pieces of one stream are sampled as the whole text would be.
   */
  scan(
    text: string,
    origin: number,
    after: number,
    patterns: readonly (Pattern | undefined)[],
    visit: HitVisitor,
  ): boolean {
    if (this.#live === 0) return false;
    const { width, stride } = this;
    const hashes = this.#hashes;
    const ids = this.#ids;
    const offsets = this.#offsets;
    const shift = this.#shift;
    const mask = ids.length - 1;
    const lead = (stride - (origin % stride)) % stride;
    let q = lead;
    if (q + width <= after) q += Math.ceil((after - width + 1 - q) / stride) * stride;
    for (const last = text.length - width; q <= last; q += stride) {
      let h = 0;
      for (let i = q; i < q + width; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
      for (let slot = Math.imul(h, 0x9e3779b1) >>> shift; ; slot = (slot + 1) & mask) {
        const id = ids[slot]!;
        if (id === EMPTY) break;
        if (id >= 0 && hashes[slot] === h && visit(patterns[id]!, q - offsets[slot]!)) return true;
      }
    }
    return false;
  }

  #count(hash: number): number {
    let n = 0;
    const mask = this.#ids.length - 1;
    for (let slot = Math.imul(hash, 0x9e3779b1) >>> this.#shift; ; slot = (slot + 1) & mask) {
      const id = this.#ids[slot]!;
      if (id === EMPTY) return n;
      if (id >= 0 && this.#hashes[slot] === hash) n++;
    }
  }

  #insert(hash: number, id: number, offset: number): void {
    if ((this.#used + 1) * 2 > this.#ids.length) this.#resize(this.#ids.length * 2);
    const mask = this.#ids.length - 1;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.#shift;
    while (this.#ids[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.#hashes[slot] = hash;
    this.#ids[slot] = id;
    this.#offsets[slot] = offset;
    this.#live++;
    this.#used++;
  }

  /** Rebuilds the table at `size` slots (at least twice the live anchors), dropping deleted ones. */
  #resize(size: number): void {
    while (size < (this.#live + 1) * 2) size *= 2;
    const hashes = this.#hashes;
    const ids = this.#ids;
    const offsets = this.#offsets;
    this.#hashes = new Int32Array(size);
    this.#ids = new Int32Array(size).fill(EMPTY);
    this.#offsets = new Int32Array(size);
    this.#shift = 32 - Math.log2(size);
    this.#live = this.#used = 0;
    for (let slot = 0; slot < ids.length; slot++) {
      const id = ids[slot]!;
      if (id < 0) continue;
      const mask = size - 1;
      let to = Math.imul(hashes[slot]!, 0x9e3779b1) >>> this.#shift;
      while (this.#ids[to] !== EMPTY) to = (to + 1) & mask;
      this.#hashes[to] = hashes[slot]!;
      this.#ids[to] = id;
      this.#offsets[to] = offsets[slot]!;
      this.#live++;
      this.#used++;
    }
  }
}

/**
 * Every form of every loaded value, in the tier its length fits. A scan reads each character of
 * the text about once and makes one table read per sampled window, whatever the number or size of
 * the loaded values; a hit is verified by the caller against the rebuilt form.
 */
export class WindowIndex {
  readonly #tiers = TIERS.map((t) => new AnchorTable(t.width, t.stride));
  readonly #patterns: (Pattern | undefined)[] = [];
  readonly #free: number[] = [];
  /** Anchor hashes of pattern `id` at `[id * MAX_STRIDE, id * MAX_STRIDE + stride)`: one pool, not an array per pattern. */
  #anchors = new Int32Array(MAX_STRIDE * 256);

  /** How far before the end of its anchor window a form can start, over every tier. */
  static readonly REACH = Math.max(...TIERS.map((t) => new AnchorTable(t.width, t.stride).reach));

  /** Forms indexed. */
  get size(): number {
    return this.#patterns.length - this.#free.length;
  }

  /** Bytes of the index's typed arrays (the objects per pattern come on top). */
  get tableBytes(): number {
    return this.#tiers.reduce((n, t) => n + t.bytes, this.#anchors.byteLength);
  }

  /** Indexes one form of `leaf`; returns the handle to remove it with. */
  add(leaf: string, kind: FormKind, form: string): number {
    const tier = this.#tiers.find((t) => form.length >= t.minLength);
    if (!tier) throw new RangeError('form shorter than the shortest window');
    const id = this.#free.pop() ?? this.#patterns.length;
    if ((id + 1) * MAX_STRIDE > this.#anchors.length) {
      const grown = new Int32Array(this.#anchors.length * 2);
      grown.set(this.#anchors);
      this.#anchors = grown;
    }
    tier.add(id, form, this.#anchors.subarray(id * MAX_STRIDE, (id + 1) * MAX_STRIDE));
    this.#patterns[id] = { leaf, kind, length: form.length };
    return id;
  }

  remove(id: number): void {
    const pattern = this.#patterns[id];
    if (!pattern) return;
    const anchors = this.#anchors.subarray(id * MAX_STRIDE, (id + 1) * MAX_STRIDE);
    this.#tiers.find((t) => pattern.length >= t.minLength)?.remove(id, anchors);
    this.#patterns[id] = undefined;
    this.#free.push(id);
  }

  /**
   * Visits every anchor hit in sampled windows of `text` that end after `after` (0: the whole
   * text); `origin` is the stream position of `text[0]`. True when `visit` stopped the scan.
   */
  scan(text: string, visit: HitVisitor, origin = 0, after = 0): boolean {
    for (const tier of this.#tiers) if (tier.scan(text, origin, after, this.#patterns, visit)) return true;
    return false;
  }
}
