import jsyaml from 'js-yaml';

/**
 * The YAML 1.2 core schema exactly as the `yaml` library resolves plain scalars (null, booleans,
 * octal/decimal/hex integers, floats with .inf and .nan), for js-yaml, whose own core schema also
 * reads `1_000`, `0b1` and YAML 1.1 forms. One type per tag: js-yaml keeps only the last type of
 * a tag, so each type tests its forms in the library's order.
 */
const CORE_TYPES = [
  new jsyaml.Type('tag:yaml.org,2002:null', {
    kind: 'scalar',
    resolve: (s: string | null) => s === null || /^(?:~|[Nn]ull|NULL)?$/.test(s),
    construct: () => null,
  }),
  new jsyaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (s: string | null) => s !== null && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
    construct: (s: string) => s[0] === 't' || s[0] === 'T',
  }),
  new jsyaml.Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (s: string | null) => s !== null && /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/.test(s),
    construct: (s: string) =>
      s.startsWith('0o')
        ? Number.parseInt(s.slice(2), 8)
        : s.startsWith('0x')
          ? Number.parseInt(s.slice(2), 16)
          : Number.parseInt(s, 10),
  }),
  new jsyaml.Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (s: string | null) =>
      s !== null &&
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/.test(
        s,
      ),
    construct: (s: string) =>
      /nan$/i.test(s)
        ? Number.NaN
        : /inf$/i.test(s)
          ? s[0] === '-'
            ? -Infinity
            : Infinity
          : Number.parseFloat(s),
  }),
];
const CORE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: CORE_TYPES });

/**
 * Text the fast reader leaves to the full parser: directives, tags, anchors and aliases, explicit
 * keys and flow collections used as keys (each where a node can start or end), and a second
 * document. Their meaning differs between YAML readers in corners a catalog never needs; a false
 * alarm (`a *b` in a description) only costs speed.
 */
const LEFT_TO_THE_FULL_PARSER =
  /^%|^(?:---|\.\.\.)[\s\S]*^(?:---|\.\.\.)|(?:^|[\s[{,])[!&*]|(?:^|[\s[{,])\?(?:\s|$)|[\]}]\s*:(?:\s|$)/m;

/**
 * Reads catalog text with js-yaml, about ten times faster than the `yaml` library's document
 * parser, when the text keeps to the part of YAML where both read the same data; the library
 * still reads everything else, and locates every problem. Returns undefined to say "use the full
 * parser" — also for anything js-yaml rejects, so its errors are never the ones a person sees.
 */
export function fastParse(text: string, maxDepth: number): unknown {
  if (LEFT_TO_THE_FULL_PARSER.test(text)) return undefined;
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  return plainEnough(data, maxDepth) ? data : undefined;
}

/**
 * No key that a null key became (the libraries name it differently), and no nesting deeper than
 * `maxDepth` (the full parser reports that, located).
 */
function plainEnough(value: unknown, maxDepth: number, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!plainEnough(item, maxDepth, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (key === 'null' || !plainEnough((value as Record<string, unknown>)[key], maxDepth, depth + 1))
      return false;
  }
  return true;
}
