import { isBidiControl, lineCommentText, showBidiControls, showUnprintable } from './unprintable.js';

/**
 * Rust escaping. rustc refuses bidirectional controls in comments and literals
 * (`text_direction_codepoint_in_comment`/`_in_literal` are deny-by-default lints) and a bare
 * carriage return in doc comments; everything else in Unicode may be written as is.
 */

/**
 * A Rust string literal. Only `"`, `\`, controls and bidirectional controls are escaped; the rest
 * of Unicode is written as is (Rust source is UTF-8), which keeps the output stable and readable.
 */
export function rustString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f || isBidiControl(ch)) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A raw string literal (`r#"…"#`) with enough `#` that no run inside the text can end it. The text
 * must hold no bidirectional control: JSON goes through {@link rustRawJson}.
 */
export function rustRawString(text: string): string {
  let longest = 0;
  for (const match of text.matchAll(/"(#*)/g)) longest = Math.max(longest, match[1]!.length);
  const hashes = '#'.repeat(longest + 1);
  return `r${hashes}"${text}"${hashes}`;
}

/**
 * {@link rustRawString} for JSON text: bidirectional controls can only sit inside JSON strings,
 * so they become JSON `\uXXXX` escapes and the value read back is unchanged.
 */
export function rustRawJson(json: string): string {
  return rustRawString(showBidiControls(json));
}

/**
 * Free text on one `///` line: whitespace runs folded to one space, no run of three backticks
 * (rustdoc would open a code block), controls shown as `\uXXXX` and bidirectional controls named
 * as `U+XXXX`, so the doc comment compiles and reads in order.
 */
export function rustDocText(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim().replace(/`{3,}/g, '``');
  return showBidiControls(
    showUnprintable(folded),
    (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`,
  );
}

/** Text for a `//` comment in Rust: one line, controls and bidirectional controls shown as `\uXXXX`. */
export function rustLineComment(text: string): string {
  return lineCommentText(text);
}
