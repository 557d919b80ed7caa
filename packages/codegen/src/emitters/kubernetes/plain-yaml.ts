/**
 * A fast writer for the part of YAML the Kubernetes manifests are made of: maps, sequences,
 * integers, booleans, the empty string and strings that can stand unquoted. Its output is byte-identical to
 * `yaml.stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })` (a property test checks
 * it against the library); anything outside that subset — a string that needs quotes, a float,
 * an empty string — returns undefined and the caller hands the whole document to the library.
 * The library builds a document tree per manifest, which made it most of the cost of `gen` on
 * large catalogs.
 */
export function plainYaml(value: unknown): string | undefined {
  const out: string[] = [];
  return writeNode(value, 0, out, 'top') ? out.join('') : undefined;
}

/** Where a node is written: alone, as the value after `key:`, or after a sequence's `- `. */
type Position = 'top' | 'value' | 'item';

function writeNode(value: unknown, indent: number, out: string[], at: Position): boolean {
  if (Array.isArray(value)) return writeSeq(value, indent, out, at);
  if (value !== null && typeof value === 'object')
    return writeMap(value as Record<string, unknown>, indent, out, at);
  const scalar = plainScalar(value);
  if (scalar === undefined) return false;
  out.push(at === 'value' ? ` ${scalar}\n` : `${scalar}\n`);
  return true;
}

function writeMap(map: Record<string, unknown>, indent: number, out: string[], at: Position): boolean {
  // Plain loops over the keys: this runs for every node of every manifest, and the arrays and
  // iterators of Object.entries().filter().entries() were most of its cost.
  const pad = spaces(indent);
  let first = true;
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    const item = map[key];
    if (item === undefined) continue;
    const plainKey = plainString(key);
    if (plainKey === undefined) return false;
    if (first && at === 'value') out.push('\n');
    // After `- ` the first key sits on the dash's line.
    out.push(at === 'item' && first ? `${plainKey}:` : `${pad}${plainKey}:`);
    first = false;
    if (Array.isArray(item) && item.length > 0) {
      if (!writeSeq(item, indent + 2, out, 'value')) return false;
    } else if (!writeNode(item, indent + 2, out, 'value')) return false;
  }
  if (first) out.push(at === 'value' ? ' {}\n' : '{}\n');
  return true;
}

function writeSeq(items: readonly unknown[], indent: number, out: string[], at: Position): boolean {
  if (items.length === 0) {
    out.push(at === 'value' ? ' []\n' : '[]\n');
    return true;
  }
  if (at === 'item') return false; // a sequence directly in a sequence: left to the library
  if (at === 'value') out.push('\n');
  const dash = `${spaces(indent)}- `;
  for (const item of items) {
    out.push(dash);
    if (Array.isArray(item)) return false;
    if (item !== null && typeof item === 'object') {
      if (!hasDefinedValue(item as Record<string, unknown>)) return false;
      if (!writeMap(item as Record<string, unknown>, indent + 2, out, 'item')) return false;
    } else if (!writeNode(item, indent + 2, out, 'item')) return false;
  }
  return true;
}

function hasDefinedValue(map: Record<string, unknown>): boolean {
  for (const key in map) if (Object.hasOwn(map, key) && map[key] !== undefined) return true;
  return false;
}

/** Indentation strings, made once per depth. */
const PADS: string[] = [];

function spaces(count: number): string {
  let pad = PADS[count];
  if (pad === undefined) {
    pad = ' '.repeat(count);
    PADS[count] = pad;
  }
  return pad;
}

function plainScalar(value: unknown): string | undefined {
  // The empty string (the core API group in a Role) is the one quoted scalar written here.
  if (value === '') return '""';
  if (typeof value === 'string') return plainString(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** The YAML 1.2 core schema's non-string plain scalars: such text must be quoted to stay a string. */
const CORE_TAGGED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * Letters, digits and `_ . / -`, with `:` allowed inside (never before a space or at the end),
 * starting with a letter, digit, `_` or `/`: such text reads back as the same string unquoted.
 */
const PLAIN = /^[A-Za-z0-9_/](?:[A-Za-z0-9_./-]|:(?=[A-Za-z0-9_./:-]))*$/;

/** Verdicts by text: manifests repeat the same keys and names thousands of times. */
const verdicts = new Map<string, boolean>();

function plainString(text: string): string | undefined {
  let plain = verdicts.get(text);
  if (plain === undefined) {
    plain = PLAIN.test(text) && !CORE_TAGGED.test(text);
    if (verdicts.size >= 100_000) verdicts.clear();
    verdicts.set(text, plain);
  }
  return plain ? text : undefined;
}
