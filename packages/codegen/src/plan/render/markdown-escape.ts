/**
 * Escaping for the plan's Markdown (GitHub-flavoured, rendered in a pull-request comment). Catalog
 * text (owners, paths from templates, store names) never becomes markup, an HTML tag, a link or an
 * extra table cell.
 */

/** Whitespace runs, line breaks included, become one space so text stays in its row. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Plain text: the characters that start emphasis, code, links, HTML, entities, headings or table
 * cells are backslash-escaped, and `:` before `/` too, so no URL becomes a link.
 */
export function mdText(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]<>#!|~&]|:(?=\/)/g, (char) => `\\${char}`);
}

/**
 * A code span: fenced with one backtick more than the longest run inside, padded when the text
 * starts or ends with a backtick, pipes escaped for tables (GitHub removes the backslash there).
 */
export function mdCode(text: string): string {
  const line = oneLine(text);
  if (line === '') return '` `';
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line.replace(/\|/g, '\\|')}${pad}${fence}`;
}
