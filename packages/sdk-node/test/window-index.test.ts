import { describe, expect, it } from 'vitest';
import { WindowIndex } from '../src/redact/window-index.js';

/** A deterministic form of `length` characters, distinct for each `n`. */
function form(n: number, length: number): string {
  let out = `f${n.toString(36)}:`;
  for (let i = 0; out.length < length; i++)
    out += 'abcdefghijklmnopqrstuvwxyz0123456789'[(n * 31 + i * 7) % 36];
  return out.slice(0, length);
}

/** Every hit a scan of `text` reports, as `handle@start`. */
function hits(index: WindowIndex, handles: Map<string, number>, text: string): string[] {
  const found: string[] = [];
  index.scan(text, (pattern, start) => {
    found.push(`${handles.get(pattern.leaf)}@${start}`);
    return false;
  });
  return found;
}

describe('WindowIndex: removal', () => {
  it('leaves nothing of a removed form in any tier, past the growth of the anchor pool', () => {
    const index = new WindowIndex();
    const handles = new Map<string, number>();
    // Every length from the shortest form (4) up, the tier boundaries (7 and 15) among them, and
    // more forms than the anchor pool first has room for (256).
    const forms = Array.from({ length: 600 }, (_, n) => form(n, 4 + (n % 40)));
    for (const f of forms) handles.set(f, index.add(f, 'raw', f));
    expect(index.size).toBe(forms.length);
    // Each form is found where it stands, whatever its tier.
    const missed = forms.filter((f) => !hits(index, handles, `<${f}>`).includes(`${handles.get(f)}@1`));
    expect(missed).toEqual([]);
    for (const f of forms) index.remove(handles.get(f)!);
    expect(index.size).toBe(0);
    const left = forms.flatMap((f) => hits(index, handles, `<${f}>`));
    expect(left).toEqual([]);
  });

  it('removing a handle twice frees it once: two later forms get two handles', () => {
    const index = new WindowIndex();
    const first = index.add('first-value-01', 'raw', 'first-value-01');
    index.remove(first);
    index.remove(first);
    const a = index.add('second-value-02', 'raw', 'second-value-02');
    const b = index.add('third-value-003', 'raw', 'third-value-003');
    expect(a).not.toBe(b);
    expect(index.size).toBe(2);
    const seen: string[] = [];
    index.scan('second-value-02 third-value-003', (pattern, start) => {
      seen.push(`${pattern.leaf}@${start}`);
      return false;
    });
    expect(seen.sort()).toEqual(['second-value-02@0', 'third-value-003@16']);
  });
});

describe('WindowIndex: memory', () => {
  it('a table fills to half its slots before it doubles (12 bytes a slot, ≤ 50 % load)', () => {
    const index = new WindowIndex();
    // Three tables of 1,024 slots and the anchor pool (256 patterns × 8 anchors × 4 bytes).
    const empty = 3 * 1024 * 12 + 256 * 8 * 4;
    expect(index.tableBytes).toBe(empty);
    // A form of 15+ characters puts 8 anchors in the first table: 64 of them fill half of it.
    for (let n = 0; n < 64; n++) index.add(form(n, 20), 'raw', form(n, 20));
    expect(index.tableBytes).toBe(empty);
    index.add(form(64, 20), 'raw', form(64, 20));
    expect(index.tableBytes).toBe(empty + 1024 * 12);
  });
});
