import { createRequire } from 'node:module';
import type { Node } from 'yaml';
import type { CatalogIssue } from '../errors.js';
import { fastParse } from './fast-parse.js';
import { fileIssue } from './issue.js';
import { decodePointer } from './pointer.js';

/**
 * The yaml library, loaded on first use: plain catalogs never need it (fast-parse.ts reads them),
 * and it is many modules to load for a run that is otherwise done in milliseconds.
 */
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml'));
let yamlModule: typeof import('yaml') | undefined;

/** Deeper documents are not catalogs; refusing them keeps every later walk safe from stack overflows. */
export const MAX_DEPTH = 64;
const MAX_ALIASES = 100;

/** A parsed catalog document that can say where any JSON pointer sits in the text. */
export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** 1-based position of the value at `pointer`, or of its key when `key` is set; falls back to the nearest ancestor. */
  locate(pointer: string, options?: { key?: boolean }): { line: number; column: number };
}

export type ParseResult = { ok: true; document: SourceDocument } | { ok: false; issues: CatalogIssue[] };

/**
 * Parses YAML or JSON (JSON is read as YAML 1.2). Plain catalogs are read by the fast reader
 * (fast-parse.ts) and positioned only if a problem needs a position; the rest, and every
 * syntax error, go through the `yaml` library's document parser, which gives positions for both.
 */
export function parseCatalogText(source: string, file: string): ParseResult {
  const text = withoutByteOrderMark(source);
  if (text.trim() !== '' && bracketDepth(text) <= MAX_DEPTH) {
    const data = fastParse(text, MAX_DEPTH);
    if (data !== undefined && data !== null && typeof data === 'object') {
      let positioned: ParseResult | undefined;
      const locate: SourceDocument['locate'] = (pointer, options) => {
        positioned ??= parseWithPositions(text, file);
        return positioned.ok ? positioned.document.locate(pointer, options) : { line: 1, column: 1 };
      };
      return { ok: true, document: { file, data, locate } };
    }
  }
  return parseWithPositions(text, file);
}

/** The `yaml` library's document parser: every problem located, every position known. */
function parseWithPositions(text: string, file: string): ParseResult {
  if (text.trim() === '') {
    return fail(fileIssue(file, 'empty-file', 'is empty', 'Start from the example in docs/catalog.md.'));
  }
  const lineCounter = new (yaml().LineCounter)();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const flowTooDeep = flowDepthExceeded(text);
  if (flowTooDeep !== undefined) {
    // The line counter learns line starts while parsing; count them here for the position.
    return fail(tooDeep(file, positionIn(text, flowTooDeep)));
  }

  // yaml's own duplicate-key check compares every key with every other (quadratic in a
  // 10,000-secret map); duplicateKeys() below does the same job in one pass.
  const doc = yaml().parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const errors = doc.errors.length > 0 ? doc.errors : duplicateKeys(doc.contents);
  if (errors.length > 0) {
    return {
      ok: false,
      issues: errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return {
          code: 'syntax' as const,
          message: error.message.split('\n')[0] ?? 'syntax error',
          hint: syntaxHint(error.code),
          file,
          line: pos.line,
          column: pos.col,
          pointer: '',
        };
      }),
    };
  }

  const deepNode = firstNodeDeeperThan(doc.contents, MAX_DEPTH);
  if (deepNode !== undefined) return fail(tooDeep(file, at(deepNode)));
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof RangeError) return fail(tooDeep(file, { line: 0, column: 0 }));
    return fail({
      ...fileIssue(
        file,
        'too-many-aliases',
        'uses YAML aliases too heavily to expand safely',
        'Write the repeated parts out; a catalog should read plainly in review.',
      ),
      ...at(firstAmplifyingAlias(doc) ?? 0),
    });
  }
  if (valueDepth(data) > MAX_DEPTH) return fail(tooDeep(file, { line: 0, column: 0 }));

  const root = doc.contents;
  const locate: SourceDocument['locate'] = (pointer, options) => {
    const node = findNode(root, decodePointer(pointer), options?.key === true);
    const offset = node?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { ok: true, document: { file, data, locate } };
}

/** Every key that repeats an earlier key of the same mapping, found with one Set per mapping. */
function duplicateKeys(root: unknown): Array<{ pos: [number, number]; message: string; code: string }> {
  const found: Array<{ pos: [number, number]; message: string; code: string }> = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (yaml().isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (yaml().isScalar(pair.key)) {
          const key = String(pair.key.value);
          if (seen.has(key)) {
            const start = pair.key.range?.[0] ?? 0;
            found.push({
              pos: [start, start],
              message: `Map keys must be unique ("${key}" repeats)`,
              code: 'DUPLICATE_KEY',
            });
          }
          seen.add(key);
        }
        stack.push(pair.value);
      }
    } else if (yaml().isSeq(node)) {
      stack.push(...node.items);
    }
  }
  return found.sort((a, b) => a.pos[0] - b.pos[0]);
}

/** Walks the YAML node tree along the pointer; stops at the deepest node that exists. */
function findNode(root: unknown, segments: readonly string[], wantKey: boolean): Node | undefined {
  let current = root as Node | undefined;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (yaml().isMap(current)) {
      const pair = current.items.find(
        (item) => yaml().isPair(item) && yaml().isScalar(item.key) && String(item.key.value) === segment,
      );
      if (!pair) return current;
      if (last && wantKey) return pair.key as Node;
      current = pair.value as Node | undefined;
      if (!current) return pair.key as Node;
    } else if (yaml().isSeq(current)) {
      const item = current.items[Number(segment)];
      if (item === undefined) return current;
      current = item as Node;
    } else {
      return current;
    }
  }
  return current;
}

/**
 * The offset of the first flow bracket (`[` or `{`) nested deeper than {@link MAX_DEPTH}, so a
 * hostile `[[[[…` never reaches the recursive composer. It runs yaml's own lexer, which is not
 * recursive and knows that brackets inside quoted, plain and block scalars or comments are text.
 */
function flowDepthExceeded(text: string): number | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new (yaml().Lexer)().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_DEPTH) return offset;
    } else if ((token === ']' || token === '}') && depth > 0) {
      depth--;
    }
    // The lexer's control tokens (document start, scalar and flow-end markers) consume no text.
    if (token !== '\x02' && token !== '\x18' && token !== '\x1f') offset += token.length;
  }
  return undefined;
}

/**
 * The deepest flow-bracket nesting, counting brackets inside strings and comments too: an upper
 * bound of the real depth, cheap enough to decide whether the fast reader may take the text (a
 * false alarm only sends it to the full parser, which counts exactly with yaml's lexer).
 */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 91 || ch === 123) max = Math.max(max, ++depth);
    else if ((ch === 93 || ch === 125) && depth > 0) depth--;
  }
  return max;
}

/** Offset of the first node nested deeper than `max` (block indentation included), walked without recursion. */
function firstNodeDeeperThan(root: unknown, max: number): number | undefined {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return (node as Node).range?.[0] ?? 0;
    if (yaml().isMap(node)) {
      for (const pair of node.items) {
        if (pair.value) stack.push([pair.value, depth + 1]);
        if (pair.key && !yaml().isScalar(pair.key)) stack.push([pair.key, depth + 1]);
      }
    } else if (yaml().isSeq(node)) {
      for (const item of node.items) stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** Offset of the first alias that points at a node holding aliases itself: the step that multiplies. */
function firstAmplifyingAlias(doc: ReturnType<typeof import('yaml').parseDocument>): number | undefined {
  let first: number | undefined;
  let amplifying: number | undefined;
  const { visit } = yaml();
  visit(doc, {
    Alias(_key, alias) {
      const offset = alias.range?.[0] ?? 0;
      first ??= offset;
      const target = alias.resolve(doc);
      let nested = false;
      if (target && !yaml().isScalar(target)) {
        visit(target, {
          Alias() {
            nested = true;
            return visit.BREAK;
          },
        });
      }
      if (nested && amplifying === undefined) {
        amplifying = offset;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return amplifying ?? first;
}

/** 1-based line and column of `offset`, counting LF line breaks as the YAML parser does. */
function positionIn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function valueDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (depth > max) max = depth;
    if (depth > MAX_DEPTH) return depth;
    if (item !== null && typeof item === 'object') {
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return max;
}

function tooDeep(file: string, position: { line: number; column: number }): CatalogIssue {
  return {
    ...fileIssue(
      file,
      'too-deep',
      `nests deeper than ${MAX_DEPTH} levels`,
      'A catalog is a few levels deep; check for a generated or corrupted file.',
    ),
    ...position,
  };
}

function syntaxHint(code: string): string {
  if (code === 'DUPLICATE_KEY')
    return 'Each key may appear once in a mapping; merge or rename the duplicate.';
  if (code.includes('INDENT'))
    return 'Check the indentation: nested keys need more spaces than their parent.';
  return 'Fix the YAML/JSON syntax at this position.';
}

function fail(issue: CatalogIssue): ParseResult {
  return { ok: false, issues: [issue] };
}

/**
 * `text` without a leading byte-order mark, which some Windows editors write (and a copy read from
 * git keeps): it is not content, and left in, it would shift every column of the first line by one.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
