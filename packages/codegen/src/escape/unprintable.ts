/**
 * Characters that end a line or are not allowed in some format, whatever the format: C0 and C1
 * controls, DEL, NEL, the line and paragraph separators (line breaks in JavaScript and in YAML 1.1
 * parsers such as go-yaml), the byte-order mark, the non-characters U+FFFE/U+FFFF and lone
 * surrogates. Free text that must stay on one comment line shows each of them as `\uXXXX`.
 */
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every character above written as the six characters `\uXXXX`. */
export function showUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

/** True when `text` holds none of the characters above. */
export function isPrintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return !found;
}

/**
 * Bidirectional embedding, override and isolate controls ("Trojan Source"): they can make a comment
 * display as code, and rustc refuses them in comments and literals (deny-by-default lints).
 */
const BIDI_CLASS = '[\\u202A-\\u202E\\u2066-\\u2069]';
const BIDI_CONTROLS = new RegExp(BIDI_CLASS, 'g');
const BIDI_CONTROL = new RegExp(`^${BIDI_CLASS}$`);

/** True when `char` is one bidirectional control. */
export function isBidiControl(char: string): boolean {
  return BIDI_CONTROL.test(char);
}

/** `text` with every bidirectional control written by `show` (by default as `\uXXXX`). */
export function showBidiControls(text: string, show: (char: string) => string = escapeChar): string {
  return text.replace(BIDI_CONTROLS, show);
}

/**
 * A line comment's text: one line, every unprintable character and every bidirectional control
 * shown as an escape, so the comment reads in order and stays a comment in every language.
 */
export function lineCommentText(text: string): string {
  return showBidiControls(showUnprintable(text));
}

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
