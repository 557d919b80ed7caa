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
