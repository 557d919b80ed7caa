import { lineCommentText } from './unprintable.js';

/**
 * Python escaping. JSON string syntax is valid Python `str` syntax; Python accepts a `\ud800`
 * escape (a lone surrogate) in a `str`, and source may not contain NUL, which JSON escapes.
 */

/** A double-quoted Python `str` literal whose value is exactly `text`. */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/** Text for a `#` comment in Python: one line, no NUL. */
export function pyLineComment(text: string): string {
  return lineCommentText(text);
}

/**
 * Catalog prose for a `"""` docstring line: whitespace folded to one line, controls and
 * bidirectional controls shown as `\uXXXX` (Python source may not hold NUL), then backslashes and
 * double quotes escaped, so the text can neither end the docstring nor start an escape.
 */
export function pyDocstring(text: string): string {
  const shown = lineCommentText(text.replace(/\s+/g, ' ').trim());
  return shown.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
