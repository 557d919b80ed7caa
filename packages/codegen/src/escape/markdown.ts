import { showUnprintable } from './unprintable.js';

/**
 * Markdown (CommonMark + GitHub tables) escaping for SECRETS.md. Catalog text never becomes
 * markup: no HTML, no links, no emphasis, no code span it did not ask for, no extra table cell.
 */

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Whitespace runs become one space, so text stays in its table row. */
function oneLine(text: string): string {
  return showUnprintable(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and tabs are what is replaced
    text.replace(/[\t\n\r\u2028\u2029\u0085\u000b\u000c]+/g, ' ').replace(/ {2,}/g, ' '),
  ).trim();
}

/** Plain text for a table cell: every ASCII punctuation character backslash-escaped. */
export function mdText(text: string): string {
  return oneLine(text).replace(ASCII_PUNCTUATION, (char) => `\\${char}`);
}

/**
 * A code span for a table cell: fenced with more backticks than the text contains in a row, padded
 * when it starts or ends with a backtick, pipes escaped for the table (GitHub removes the backslash).
 */
export function mdCode(text: string): string {
  const line = oneLine(text);
  if (line === '') return '` `';
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** Text inside `<!-- … -->`: `<` and `>` are written as entities, so nothing can close the comment. */
export function mdHtmlComment(text: string): string {
  return showUnprintable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
