export { goExportedName, goPackageName } from '@locksmith/schema';

/** Module path of the Go runtime every generated package imports (packages/sdk-go). */
export const GO_SDK_MODULE = 'github.com/locksmith-dev/locksmith/packages/sdk-go';

/**
 * A Go interpreted string literal. Only `"`, `\` and control characters need escaping; the rest
 * of Unicode is written as is (Go source is UTF-8), which keeps the output stable and readable.
 */
export function goString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/**
 * A Go raw string literal for multi-line text (the descriptor JSON): a backquote, which a raw
 * string cannot hold, is spliced in as an interpreted "`". Carriage returns are dropped by Go
 * from raw strings, so text containing one is written as an interpreted literal instead.
 */
export function goRawString(text: string): string {
  if (text.includes('\r')) return goString(text);
  return `\`${text.split('`').join('` + "`" + `')}\``;
}

/** Pads every name of an aligned column to the longest, the way gofmt lays out struct fields. */
export function alignColumn(rows: ReadonlyArray<readonly [string, string]>, indent = '\t'): string[] {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, rest]) => `${indent}${name.padEnd(width)} ${rest}`);
}
