import { describe, expect, it } from 'vitest';
import { envNameFor } from '../src/env-names.js';
import { codeFrame } from '../src/source/code-frame.js';

describe('code frames', () => {
  const text = ['version: 1', 'project: shop', 'services:', '  api: {}', '  "bad name": {}'].join('\n');

  it('shows the line, the two above it and a caret under the token at the column', () => {
    expect(codeFrame(text, 5, 3)).toEqual([
      '  3 | services:',
      '  4 |   api: {}',
      '> 5 |   "bad name": {}',
      '    |   ^^^^^^^^^^',
    ]);
    expect(codeFrame(text, 1, 1)).toEqual(['> 1 | version: 1', '    | ^^^^^^^']);
  });

  it('widens the gutter for long files and keeps the caret aligned after tabs', () => {
    const long = [...Array.from({ length: 99 }, () => 'x: 1'), 'key:\tvalue'].join('\n');
    expect(codeFrame(long, 100, 6)).toEqual([
      '   98 | x: 1',
      '   99 | x: 1',
      '> 100 | key: value',
      '      |      ^^^^^',
    ]);
  });

  it('escapes control characters, so a catalog cannot rewrite the terminal', () => {
    const [line] = codeFrame('name: "\u001b[2Jboom"', 1, 7).slice(-2);
    expect(line).toBe('> 1 | name: "\\u001b[2Jboom"');
  });

  it('shows catalog text as messages show it: line separators and lone surrogates escaped too', () => {
    const frame = codeFrame('a: "x\u2028y"\nb: "\uD800z"', 2, 4);
    expect(frame).toEqual(['  1 | a: "x\\u2028y"', '> 2 | b: "\\ud800z"', '    |    ^^^^^^^^^']);
  });

  it('cuts a very long line to a window around the problem, marked with …, caret still under it', () => {
    const long = `x: [${'1, '.repeat(5000)}bad, ${'2, '.repeat(5000)}]`;
    const column = long.indexOf('bad') + 1;
    const frame = codeFrame(`version: 1\n${long}`, 2, column);
    expect(frame).toHaveLength(3);
    const [above, shown, caret] = frame as [string, string, string];
    expect(above).toBe('  1 | version: 1');
    expect(shown.length).toBeLessThanOrEqual('> 2 | '.length + 122);
    expect(shown.startsWith('> 2 | …')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.slice(caret.indexOf('^'), caret.indexOf('^') + 3)).toBe('bad');
    expect(caret).toMatch(/^ {4}\| +\^{3}$/);
  });

  it('keeps a long line whole when the problem is near its start, and never splits a surrogate pair', () => {
    const long = `name: ${'\u{1F511}'.repeat(200)}`;
    const [shown, caret] = codeFrame(long, 1, 1) as [string, string];
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(caret).toBe('    | ^^^^');
    const far = codeFrame(`${'\u{1F511}'.repeat(200)}: x`, 1, 402) as [string, string];
    expect(far[0]).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(far[0].startsWith('> 1 | …')).toBe(true);
  });

  it('shows nothing for a problem about the whole file', () => {
    expect(codeFrame(text, 0, 0)).toEqual([]);
    expect(codeFrame(text, 9, 1)).toEqual([]);
  });
});

describe('env name suggestions', () => {
  it.each([
    ['smtp-host', 'SMTP_HOST'],
    ['db.url', 'DB_URL'],
    ['apiKey', 'API_KEY'],
    ['DB-PASS', 'DB_PASS'],
    ['2fa-key', '_2FA_KEY'],
    [' spaced name ', 'SPACED_NAME'],
  ])('%s → %s', (text, name) => {
    expect(envNameFor(text)).toBe(name);
  });

  it('suggests nothing when nothing is left', () => {
    expect(envNameFor('---')).toBeUndefined();
  });
});
