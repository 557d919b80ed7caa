import { printable } from './printable.js';

/** Lines shown above the offending one, for context. */
const CONTEXT_LINES = 2;

/**
 * Widest excerpt of a line, in printed characters. A minified or hostile catalog can put
 * megabytes on one line; the frame shows a window around the problem instead, marked with `…`.
 */
const MAX_WIDTH = 120;

/** How much of the window lies before the problem, so the text leading up to it stays in view. */
const LEAD = 40;

/**
 * The offending line of a catalog with the lines just above it and a caret under the problem, as
 * the TypeScript compiler and Prisma print them:
 *
 * ```
 *   15 |         port: { type: integer, env: SMTP_PORT }
 * > 16 |     readerz: [api]
 *      |     ^^^^^^^
 * ```
 *
 * The caret spans the token at `column` (a key, a scalar or a quoted string). Control characters in
 * the catalog are shown escaped, so a hostile file cannot rewrite the terminal or forge log lines.
 * Lines wider than {@link MAX_WIDTH} are cut to a window around the column (lines above that end
 * before the window keep their start). Returns no lines when `line` is not in `text` (a problem
 * about the file as a whole).
 */
export function codeFrame(text: string, line: number, column: number): string[] {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - CONTEXT_LINES);
  const width = String(line).length;
  const target = lines[line - 1] ?? '';
  const start = Math.max(0, Math.min(column - 1, target.length));
  const offset = shown(target.slice(0, start)).length;
  const length = Math.max(1, shown(tokenAt(target, start)).length);
  const from = offset + length <= MAX_WIDTH ? 0 : Math.max(0, offset - LEAD);
  const frame: string[] = [];
  for (let n = first; n <= line; n++) {
    const marker = n === line ? '>' : ' ';
    const text = shown(lines[n - 1] ?? '');
    // A line above that ends before the window is shown from its start, rather than as a bare `…`.
    const window = n === line || text.length > from ? from : 0;
    frame.push(`${marker} ${String(n).padStart(width)} | ${excerpt(text, window)}`.trimEnd());
  }
  const caretStart = offset - from + (from > 0 ? 1 : 0);
  const caretLength = Math.min(length, MAX_WIDTH - (offset - from));
  frame.push(`  ${' '.repeat(width)} | ${' '.repeat(caretStart)}${'^'.repeat(caretLength)}`);
  return frame;
}

/** `MAX_WIDTH` printed characters of `line` from `from`, with `…` where text is left out. */
function excerpt(line: string, from: number): string {
  if (from === 0 && line.length <= MAX_WIDTH) return line;
  // Never cut a surrogate pair in half: the halves would print as replacement characters.
  let begin = Math.min(from, line.length);
  if (begin > 0 && isLowSurrogate(line.charCodeAt(begin))) begin++;
  let end = Math.min(from + MAX_WIDTH, line.length);
  if (end < line.length && isLowSurrogate(line.charCodeAt(end))) end--;
  return `${begin > 0 ? '…' : ''}${line.slice(begin, end)}${end < line.length ? '…' : ''}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The YAML/JSON token starting at `start`: a quoted string, or a run up to the next delimiter. */
function tokenAt(line: string, start: number): string {
  const rest = line.slice(start);
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')/.exec(rest);
  if (quoted) return quoted[0];
  return /^[^\s:,[\]{}#]*/.exec(rest)?.[0] ?? '';
}

/** A line as printed: tabs as one space (keeps the caret aligned), the rest as {@link printable} shows it. */
function shown(text: string): string {
  return printable(text.replace(/\t/g, ' '));
}
