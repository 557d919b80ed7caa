import { lineCommentText } from './unprintable.js';

/**
 * HCL escaping, for Vault policies (HCL 1) and Terraform (HCL 2). Only escapes both versions
 * read the same way are used; `${` and `%{` are doubled so HCL 2 never reads a template.
 */

/** A quoted HCL string whose value is exactly `text`; a lone surrogate becomes U+FFFD. */
export function hclString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i]!;
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out += text.slice(i, i + 2);
        i++;
      } else {
        out += '\\ufffd';
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      out += '\\ufffd';
    } else if (char === '"' || char === '\\') {
      out += `\\${char}`;
    } else if (char === '\n') {
      out += '\\n';
    } else if (char === '\r') {
      out += '\\r';
    } else if (char === '\t') {
      out += '\\t';
    } else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if ((char === '$' || char === '%') && text[i + 1] === '{') {
      out += `${char}${char}`;
    } else {
      out += char;
    }
  }
  return `"${out}"`;
}

/** Text for a `#` comment in HCL. */
export function hclComment(text: string): string {
  return lineCommentText(text);
}

/**
 * A string for Terraform JSON, where every string is read as a template: `${` and `%{` are
 * doubled so catalog text stays literal. JSON.stringify does the rest of the quoting.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}
