import { lineCommentText } from './unprintable.js';

/**
 * Go escaping. Go source may not contain NUL or a byte-order mark, and a `\u` escape may not
 * name a surrogate, so a lone surrogate is written as the bytes of its WTF-8 form.
 */

/** An interpreted Go string literal whose value is exactly `text` (as UTF-8). */
export function goString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i]!;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out += text.slice(i, i + 2);
        i++;
        continue;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `\\x${(0xe0 | (code >> 12)).toString(16)}\\x${(0x80 | ((code >> 6) & 0x3f)).toString(16)}\\x${(0x80 | (code & 0x3f)).toString(16)}`;
    } else if (char === '"' || char === '\\') {
      out += `\\${char}`;
    } else if (char === '\n') {
      out += '\\n';
    } else if (char === '\t') {
      out += '\\t';
    } else if (char === '\r') {
      out += '\\r';
    } else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0xfeff ||
      code === 0x2028 ||
      code === 0x2029
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += char;
    }
  }
  return `${out}"`;
}

/** Text for a `//` comment in Go: one line, no NUL, no byte-order mark. */
export function goLineComment(text: string): string {
  return lineCommentText(text);
}

/**
 * A Go raw string literal (backquoted) for multi-line text such as a descriptor's JSON: a backquote,
 * which a raw string cannot hold, is spliced in as an interpreted "`". Text a raw string cannot
 * carry byte for byte (a carriage return, which Go drops from raw strings; NUL and a byte-order
 * mark, which Go source may not contain) is written with {@link goString} instead.
 */
export function goRawString(text: string): string {
  if (/[\r\0\ufeff]/.test(text)) return goString(text);
  return `\`${text.split('`').join('` + "`" + `')}\``;
}

/**
 * {@link goRawString} for JSON text: a byte-order mark (the one character JSON leaves raw that Go
 * source refuses) can only sit inside a JSON string, so it becomes the JSON escape `\ufeff` and the
 * literal stays a readable raw string.
 */
export function goRawJson(json: string): string {
  return goRawString(json.replace(/\ufeff/g, '\\ufeff'));
}

/**
 * Catalog prose for a paragraph of a Go doc comment: one line, and stable under gofmt, which
 * rewrites doc comments (it turns two backquotes or two single quotes into curly quotes), so a
 * space is put inside every such pair.
 */
export function goDocText(text: string): string {
  return goLineComment(text.replace(/\s+/g, ' ').trim())
    .replace(/`(?=`)/g, '` ')
    .replace(/'(?=')/g, "' ");
}
