import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { appendToSection, applyEdits } from '../src/import/splice.js';

/** Appends one entry to `key` the way `import --into` does. */
function append(text: string, key: string, entry: string[]): string {
  const doc = parseDocument(text);
  const result = applyEdits(text, appendToSection(text, doc, key, [entry]));
  expect(parseDocument(result).errors).toEqual([]);
  return result;
}

describe('splicing entries into catalog text', () => {
  it('goes after the last entry, before blank lines and comments that introduce the next section', () => {
    const text = 'secrets:\n  a:\n    x: 1\n    # about a\n\n# --- kubernetes ---\nkubernetes: {}\n';
    expect(append(text, 'secrets', ['b:', '  x: 2'])).toBe(
      'secrets:\n  a:\n    x: 1\n    # about a\n  b:\n    x: 2\n\n# --- kubernetes ---\nkubernetes: {}\n',
    );
  });

  it("follows the file's indentation, blank-line spacing and line endings", () => {
    expect(append('environments:\n- dev\n- prod\nx: 1\n', 'environments', ['- qa'])).toBe(
      'environments:\n- dev\n- prod\n- qa\nx: 1\n',
    );
    expect(append('secrets:\n    a: 1\n\n    b: 2\n', 'secrets', ['c: 3'])).toBe(
      'secrets:\n    a: 1\n\n    b: 2\n\n    c: 3\n',
    );
    expect(append('services:\r\n  a: {}\r\n', 'services', ['b: {}'])).toBe(
      'services:\r\n  a: {}\r\n  b: {}\r\n',
    );
    expect(append('services:\n  a: {}', 'services', ['b: {}'])).toBe('services:\n  a: {}\n  b: {}\n');
  });

  it('fills an empty or missing section and keeps the comment of a {} placeholder', () => {
    expect(append('services: {} # none yet\nsecrets: {}\n', 'services', ['a: {}'])).toBe(
      'services: # none yet\n  a: {}\nsecrets: {}\n',
    );
    expect(append('services:\nsecrets: {}\n', 'services', ['a: {}'])).toBe(
      'services:\n  a: {}\nsecrets: {}\n',
    );
    expect(append('version: 1\n', 'providers', ['vault:', '  mount: "secret"'])).toBe(
      'version: 1\nproviders:\n  vault:\n    mount: "secret"\n',
    );
  });

  it('appends several missing sections in the order given', () => {
    const text = 'version: 1\n';
    const doc = parseDocument(text);
    const edits = [
      ...appendToSection(text, doc, 'services', [['web: {}']]),
      ...appendToSection(text, doc, 'secrets', [['a: {}']]),
    ];
    expect(applyEdits(text, edits)).toBe('version: 1\nservices:\n  web: {}\nsecrets:\n  a: {}\n');
  });

  it('refuses a flow collection that has entries, and adds nothing for no entries', () => {
    const text = 'environments: [dev, prod]\n';
    expect(() => appendToSection(text, parseDocument(text), 'environments', [['- qa']])).toThrow(
      /flow style/,
    );
    expect(appendToSection(text, parseDocument(text), 'environments', [])).toEqual([]);
  });
});
