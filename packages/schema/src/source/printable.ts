/**
 * Catalog text (a key, a path, the file name) shown in a message: control characters, line and
 * paragraph separators and lone surrogates become `\uXXXX`, so a hostile catalog cannot forge
 * lines in a terminal or a CI log, and every message is valid UTF-8.
 */
export function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
