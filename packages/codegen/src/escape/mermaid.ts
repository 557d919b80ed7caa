/**
 * Mermaid escaping for node labels inside `["…"]`: every character outside a small safe set is
 * written as Mermaid's numeric entity `#<code point>;`, so a label cannot close its quotes, its
 * brackets or its line.
 */
const SAFE = /^[A-Za-z0-9 _.,:/()-]$/u;

/** The label text; {@link mermaidLabelDecode} returns the original. */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const char of text) {
    out += SAFE.test(char) ? char : `#${char.codePointAt(0)};`;
  }
  return out;
}

/** The inverse of {@link mermaidLabel} (what Mermaid shows). */
export function mermaidLabelDecode(label: string): string {
  return label.replace(/#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)));
}
