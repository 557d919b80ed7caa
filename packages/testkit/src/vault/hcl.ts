/**
 * A small parser for the HCL subset Vault policies use: `path "..." { key = value }` blocks with
 * strings, numbers, booleans, lists and nested maps, plus `#`, `//` and `/* *\/` comments.
 * Anything else is a parse error with a line number, so a policy the fake cannot read never
 * silently grants or denies.
 */
export type HclValue = string | number | boolean | HclValue[] | { [key: string]: HclValue };

export interface HclBlock {
  readonly type: string;
  readonly label: string;
  readonly body: Readonly<Record<string, HclValue>>;
}

type Token = { kind: 'string' | 'ident' | 'number' | 'punct'; text: string; line: number };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || (c === '/' && source[i + 1] === '/')) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError(`policy line ${line}: unterminated comment`);
      line += source.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\') j++;
        text += source[j] ?? '';
        j++;
      }
      if (j >= source.length) throw new SyntaxError(`policy line ${line}: unterminated string`);
      tokens.push({ kind: 'string', text, line });
      i = j + 1;
    } else if ('{}[]=,'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*|^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i));
      if (!match) throw new SyntaxError(`policy line ${line}: unexpected character "${c}"`);
      tokens.push({ kind: /^[-0-9]/.test(match[0]) ? 'number' : 'ident', text: match[0], line });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Parses `type "label" { ... }` blocks. */
export function parseHclBlocks(source: string): HclBlock[] {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (): Token => {
    const t = tokens[pos++];
    if (!t) throw new SyntaxError('policy: unexpected end of input');
    return t;
  };
  const expect = (text: string): void => {
    const t = next();
    if (t.text !== text || t.kind === 'string') {
      throw new SyntaxError(`policy line ${t.line}: expected "${text}", found "${t.text}"`);
    }
  };

  const value = (): HclValue => {
    const t = next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) return t.text === 'true';
    if (t.text === '[') {
      const items: HclValue[] = [];
      while (peek()?.text !== ']') {
        items.push(value());
        if (peek()?.text === ',') next();
      }
      next();
      return items;
    }
    if (t.text === '{') return body();
    throw new SyntaxError(`policy line ${t.line}: unexpected "${t.text}"`);
  };

  const body = (): Record<string, HclValue> => {
    const out: Record<string, HclValue> = {};
    while (peek() && peek()?.text !== '}') {
      const key = next();
      if (key.kind !== 'ident' && key.kind !== 'string') {
        throw new SyntaxError(`policy line ${key.line}: expected a key, found "${key.text}"`);
      }
      if (peek()?.text === '=') next();
      out[key.text] = value();
      if (peek()?.text === ',') next();
    }
    expect('}');
    return out;
  };

  const blocks: HclBlock[] = [];
  while (peek()) {
    const type = next();
    if (type.kind !== 'ident')
      throw new SyntaxError(`policy line ${type.line}: expected a block, found "${type.text}"`);
    const label = next();
    if (label.kind !== 'string')
      throw new SyntaxError(`policy line ${label.line}: expected a quoted ${type.text}`);
    expect('{');
    blocks.push({ type: type.text, label: label.text, body: body() });
  }
  return blocks;
}
