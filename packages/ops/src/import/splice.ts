import { type Document, isCollection, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { usageError } from '../errors.js';

/** Text to put at `at`, replacing `remove` characters there. */
export interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/**
 * Where `entries` (each the unindented lines of one entry of the top-level map or sequence
 * `key`) go in the original text, so that every original byte stays as it was. The parsed
 * document only locates things: printing it back would reformat hand-written flow maps and
 * spacing, so the new text is spliced in.
 */
export function appendToSection(
  text: string,
  doc: Document.Parsed,
  key: string,
  entries: readonly (readonly string[])[],
): Edit[] {
  if (entries.length === 0) return [];
  const lines = entries.flat();
  const root = doc.contents;
  const pair = isMap(root)
    ? (root.items as Pair<Node, Node | null>[]).find((p) => keyOf(p) === key)
    : undefined;
  if (!pair) {
    // No such section: a new top-level key at the end of the file.
    return [insertAt(text, text.length, [`${key}:`, ...lines.map((l) => `  ${l}`)], '')];
  }
  const node = pair.value;
  if (node === null || (isScalar(node) && node.value === null)) {
    // `key:` with nothing after it.
    return [insertAt(text, lineEnd(text, rangeOf(pair.key)[1]), lines, '  ')];
  }
  if (!isCollection(node) || !node.range) {
    throw usageError(`import: "${key}" in the catalog is not a list or map.`);
  }
  if (node.flow) {
    if (node.items.length > 0) {
      throw usageError(
        `import: "${key}" is written in flow style ([...] or {...}); write it as a block to extend it.`,
      );
    }
    // An empty `{}` or `[]` placeholder: drop the brackets, keep any comment on the line.
    const [start, end] = node.range;
    const remove = end - start + (text[end] === ' ' ? 1 : 0);
    const before = text[start - 1] === ' ' && text[end] !== ' ' ? 1 : 0;
    return [
      { at: start - before, remove: remove + before, insert: '' },
      insertAt(text, lineEnd(text, end), lines, '  '),
    ];
  }
  const last = node.items.at(-1);
  const lastNode = isSeq(node) ? (last as Node | undefined) : (last as Pair<Node, Node> | undefined)?.key;
  const indent = lastNode ? indentOf(text, rangeOf(lastNode)[0], isSeq(node)) : '  ';
  // Entries the file separates with blank lines get one before each new entry as well.
  const spaced = lastNode?.spaceBefore === true ? entries.flatMap((entry) => ['', ...entry]) : lines;
  return [insertAt(text, contentEnd(text, node.range[1], indent), spaced, indent)];
}

/**
 * Applies non-overlapping edits to `text`. Insertions at the same place (new sections at the end
 * of the file) keep the order they are given in.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  const backwards = edits.map((edit, index) => ({ edit, index }));
  backwards.sort((a, b) => b.edit.at - a.edit.at || b.index - a.index);
  for (const { edit } of backwards) {
    out = out.slice(0, edit.at) + edit.insert + out.slice(edit.at + edit.remove);
  }
  return out;
}

const keyOf = (pair: Pair<Node, Node | null>) => (isScalar(pair.key) ? pair.key.value : undefined);

function rangeOf(node: Node): readonly [number, number, number] {
  if (!node.range) throw new Error('a parsed node without a source range');
  return node.range;
}

/** Indented lines at `at`, starting a new line first when the file's last line has no newline. */
function insertAt(text: string, at: number, lines: readonly string[], indent: string): Edit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const gap = at === text.length && text !== '' && !text.endsWith('\n') ? eol : '';
  const insert = lines.map((l) => (l === '' ? eol : `${indent}${l}${eol}`)).join('');
  return { at, remove: 0, insert: gap + insert };
}

/** Just after the newline that ends the line holding `at` (the text's end when there is none). */
function lineEnd(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline === -1 ? text.length : newline + 1;
}

/**
 * The end of the section's last line before `end`: new entries go before trailing blank lines
 * and before comments indented less than its entries (they introduce what follows).
 */
function contentEnd(text: string, end: number, indent: string): number {
  let last = text.slice(0, end).trimEnd().length;
  for (;;) {
    const start = text.lastIndexOf('\n', last - 1) + 1;
    const line = text.slice(start, last);
    const outdentedComment =
      line.trimStart().startsWith('#') && line.length - line.trimStart().length < indent.length;
    if (!outdentedComment || start === 0) break;
    last = text.slice(0, start).trimEnd().length;
  }
  return lineEnd(text, last);
}

/** The indentation of the entry starting at `at` (for a sequence item, up to its `-`). */
function indentOf(text: string, at: number, sequence: boolean): string {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const line = text.slice(start, at);
  const match = sequence ? /^(\s*)-/.exec(line) : /^(\s*)/.exec(line);
  return match?.[1] ?? '  ';
}
