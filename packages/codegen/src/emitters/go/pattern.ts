/**
 * Translates a catalog `pattern` (ECMAScript syntax, as JSON Schema prescribes) into the regexp
 * dialect of a generated loader, or says why it cannot. Go's `regexp` is RE2: no lookaround and
 * no backreferences, so those patterns must fail at gen time rather than at a service's start;
 * Python refuses backreferences and lookbehind here for the same reason.
 * Python's `re` has both but spells named groups and `\u{…}` differently, and its `$` also
 * matches before a final newline, so `$` becomes `\Z`.
 */
export type PatternDialect = 'go' | 'python';

/** The translated pattern, or the construct that has no equivalent. */
export type TranslatedPattern =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly reason: string };

/** RE2 refuses repeat counts above this. */
const RE2_MAX_REPEAT = 1000;
const HEX = /^[0-9A-Fa-f]$/;

/** See the module comment. Scans once, keeping track of escapes and character classes. */
export function translatePattern(pattern: string, dialect: PatternDialect): TranslatedPattern {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const escaped = translateEscape(pattern, i, inClass, dialect);
      if (!escaped.ok) return escaped;
      out += escaped.text;
      i += escaped.length - 1;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      if (pattern.startsWith('[]', i) || pattern.startsWith('[^]', i)) {
        return unsupported('the empty character class [] or [^]');
      }
      inClass = true;
      out += pattern[i + 1] === '^' ? '[^' : '[';
      if (pattern[i + 1] === '^') i++;
    } else if (c === '(' && pattern[i + 1] === '?') {
      const group = translateGroup(pattern, i, dialect);
      if (!group.ok) return group;
      out += group.text;
      i += group.length - 1;
    } else if (c === '{' && dialect === 'go') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      const counts = repeat ? [repeat[1], repeat[3]].filter((n) => n !== undefined && n !== '') : [];
      if (counts.some((n) => Number(n) > RE2_MAX_REPEAT)) {
        return unsupported(`a repeat count above ${RE2_MAX_REPEAT}`);
      }
      out += c;
    } else if (c === '$' && dialect === 'python') {
      out += '\\Z';
    } else {
      out += c;
    }
  }
  return { ok: true, pattern: out };
}

type Piece =
  | { readonly ok: true; readonly text: string; readonly length: number }
  | { readonly ok: false; readonly reason: string };

function translateGroup(pattern: string, at: number, dialect: PatternDialect): Piece {
  const rest = pattern.slice(at);
  if (rest.startsWith('(?:')) return { ok: true, text: '(?:', length: 3 };
  if (/^\(\?<[=!]/.test(rest)) {
    // Python's lookbehind must be fixed-width and would fail at import, not at gen time.
    return unsupported('lookbehind ((?<=, (?<!)');
  }
  if (/^\(\?[=!]/.test(rest)) {
    return dialect === 'go'
      ? unsupported('lookahead ((?=, (?!)')
      : { ok: true, text: rest.slice(0, 3), length: 3 };
  }
  const named = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  if (named) return { ok: true, text: `(?P<${named[1]}>`, length: named[0].length };
  return unsupported(`the group syntax ${rest.slice(0, 3)}`);
}

function translateEscape(pattern: string, at: number, inClass: boolean, dialect: PatternDialect): Piece {
  const next = pattern[at + 1];
  if (next === undefined) return unsupported('a trailing backslash');
  if (/[1-9]/.test(next) || (next === 'k' && pattern[at + 2] === '<')) {
    return unsupported('backreferences');
  }
  if (next === '0') return { ok: true, text: '\\x00', length: 2 };
  if (next === 'u') return translateUnicodeEscape(pattern, at, dialect);
  if (next === 'x') {
    const hex = pattern.slice(at + 2, at + 4);
    if (hex.length === 2 && [...hex].every((h) => HEX.test(h)))
      return { ok: true, text: `\\x${hex}`, length: 4 };
    return unsupported('\\x without two hex digits');
  }
  if (next === 'b' && inClass) return unsupported('\\b inside a character class');
  if (next === 'p' || next === 'P') {
    return dialect === 'go'
      ? { ok: true, text: `\\${next}`, length: 2 }
      : unsupported('Unicode property escapes \\p');
  }
  if ('dDwWsStnrfvbB'.includes(next)) return { ok: true, text: `\\${next}`, length: 2 };
  if (/[A-Za-z]/.test(next)) return unsupported(`the escape \\${next}`);
  // RE2 allows escaping ASCII punctuation only; ECMAScript and Python take any other character too.
  if (dialect === 'go' && !/[!-/:-@[-`{-~]/.test(next)) return unsupported(`the escape \\${next}`);
  return { ok: true, text: `\\${next}`, length: 2 };
}

function translateUnicodeEscape(pattern: string, at: number, dialect: PatternDialect): Piece {
  const braced = /^\\u\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(at));
  const plain = /^\\u([0-9A-Fa-f]{4})/.exec(pattern.slice(at));
  const match = braced ?? plain;
  if (!match) return unsupported('\\u without four hex digits');
  const hex = match[1]!.toUpperCase();
  const text = dialect === 'go' ? `\\x{${hex}}` : `\\U${hex.padStart(8, '0')}`;
  return { ok: true, text, length: match[0].length };
}

function unsupported(construct: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason: construct };
}
