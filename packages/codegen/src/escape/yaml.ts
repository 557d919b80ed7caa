import { lineCommentText } from './unprintable.js';

/**
 * YAML escaping. Values go through the yaml library, which quotes and escapes whatever needs it;
 * comments are free text and must stay on their line for every parser, including YAML 1.1
 * parsers (Kubernetes' go-yaml) that also break lines at NEL, U+2028 and U+2029.
 */

/** Text for a `#` comment. */
export function yamlComment(text: string): string {
  return lineCommentText(text);
}

/**
 * A double-quoted YAML scalar whose value is exactly `text`. JSON strings are YAML double-quoted
 * scalars; the characters YAML does not allow raw (C1 controls, non-characters) become escapes.
 */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
