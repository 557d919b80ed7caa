import { printable } from './printable.js';

/** Lines shown above the offending one, for context. */
const CONTEXT_LINES = 2;

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
 * Returns no lines when `line` is not in `text` (a problem about the file as a whole).
 */
export function codeFrame(text: string, line: number, column: number): string[] {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - CONTEXT_LINES);
  const width = String(line).length;
  const frame: string[] = [];
  for (let n = first; n <= line; n++) {
    const marker = n === line ? '>' : ' ';
    frame.push(`${marker} ${String(n).padStart(width)} | ${shown(lines[n - 1] ?? '')}`.trimEnd());
  }
  const target = lines[line - 1] ?? '';
  const start = Math.max(0, Math.min(column - 1, target.length));
  const offset = shown(target.slice(0, start)).length;
  const length = Math.max(1, shown(tokenAt(target, start)).length);
  frame.push(`  ${' '.repeat(width)} | ${' '.repeat(offset)}${'^'.repeat(length)}`);
  return frame;
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
