import { lineCommentText } from './unprintable.js';

/**
 * `.env` escaping. Every dotenv parser ends a line at LF and CR, so comment text with a line
 * break could start an assignment of its own; comments show such characters as escapes.
 */
export function dotenvComment(text: string): string {
  return lineCommentText(text);
}
