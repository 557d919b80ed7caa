/**
 * Bidirectional control characters: rustc refuses them in comments and literals
 * (`text_direction_codepoint_in_comment`/`_in_literal` are deny-by-default lints).
 */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
const BIDI_CHAR = /^[\u202A-\u202E\u2066-\u2069]$/;

/** JSON text with bidi controls written as `\uXXXX` escapes (they only occur inside strings). */
export function jsonWithoutBidi(json: string): string {
  return json.replace(BIDI, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/**
 * A Rust string literal. Only `"`, `\` and control characters need escaping; the rest of
 * Unicode is written as is (Rust source is UTF-8), which keeps the output stable and readable.
 */
export function rustString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f || BIDI_CHAR.test(ch)) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A raw string literal (`r#"…"#`) with enough `#` that no run inside the text can end it. */
export function rustRawString(text: string): string {
  let longest = 0;
  for (const match of text.matchAll(/"(#*)/g)) longest = Math.max(longest, match[1]!.length);
  const hashes = '#'.repeat(longest + 1);
  return `r${hashes}"${text}"${hashes}`;
}

/** Free text on one `///` line: newlines folded, and nothing rustdoc would read as a code fence. */
export function docText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/`{3,}/g, '``')
    .replace(BIDI, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`);
}
