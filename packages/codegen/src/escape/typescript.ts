import { lineCommentText } from './unprintable.js';

/**
 * TypeScript (and JavaScript) escaping. JSON string syntax is a subset of ECMAScript string
 * syntax, and `JSON.stringify` escapes quotes, backslashes, controls and lone surrogates.
 */

/** A double-quoted TypeScript string literal whose value is exactly `text`. */
export function tsString(text: string): string {
  return JSON.stringify(text);
}

/** Text for a `//` comment: cannot end the line (U+2028/U+2029 end a line in TypeScript). */
export function tsLineComment(text: string): string {
  return lineCommentText(text);
}

/** Text for a `/** … *\/` comment: one line, and `*\/` cannot close the comment early. */
export function tsBlockComment(text: string): string {
  return lineCommentText(text).replace(/\*\//g, '*\\/');
}
