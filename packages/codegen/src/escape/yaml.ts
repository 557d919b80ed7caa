import { stringify } from 'yaml';
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

/** A YAML flow scalar whose value is exactly `text` (quoted when it has to be). */
export function yamlString(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}
