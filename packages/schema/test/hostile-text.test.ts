import { describe, expect, it } from 'vitest';
import { CatalogError, formatCatalogError, parseCatalog } from '../src/index.js';

const HEAD = `version: 1
project: shop
environments: [prod]
providers: { aws: { region: us-east-1, accountId: "123456789012" } }
services: { api: {} }
`;

function issuesOf(text: string): CatalogError {
  try {
    parseCatalog(text, 'hostile.yaml');
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('the catalog was accepted');
}

describe('hostile text', () => {
  it('accepts brackets inside quoted, plain and block scalars however many there are', () => {
    const many = '['.repeat(200);
    const catalog = parseCatalog(
      `${HEAD}secrets:
  db:
    description: "${many}{{{{"
    owner: team${many}
    provider: aws
    schema:
      type: string
      pattern: '^${many.replaceAll('[', '\\[')}$'
      description: |
        ${many}
    readers: [api] # ${many}
`,
      'brackets.yaml',
    );
    expect(catalog.secrets[0]?.description).toBe(`${many}{{{{`);
  });

  it('places a too-deep flow collection and an alias bomb at a line and column', () => {
    const deep = issuesOf(`${HEAD}secrets:\n  db: ${'['.repeat(70)}${']'.repeat(70)}\n`);
    expect(deep.issues[0]).toMatchObject({ code: 'too-deep', line: 7, column: 7 + 64 });
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 6; i++)
      lines.push(
        `${'bcdefg'[i]}: &${'bcdefg'[i]} [*${'abcdef'[i]}, *${'abcdef'[i]}, *${'abcdef'[i]}, *${'abcdef'[i]}]`,
      );
    const bomb = issuesOf(`${HEAD}${lines.join('\n')}\n`);
    // Line 8 holds the first alias to a node that itself holds aliases: where the expansion multiplies.
    expect(bomb.issues[0]).toMatchObject({ code: 'too-many-aliases', line: 8 });
    expect(bomb.issues[0]!.column).toBeGreaterThan(0);
  });

  it('never prints a control character or a lone surrogate from the catalog in a message', () => {
    const error = issuesOf(
      `${HEAD}secrets:\n  db: { provider: aws, schema: { type: string }, readers: [api], tags: { "a\\nFAKE: line\\u2028\\uD800": x } }\n`,
    );
    const text = formatCatalogError(error);
    expect(text).toContain('a\\u000aFAKE: line\\u2028\\ud800');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u2028\u2029]|[\uD800-\uDFFF]/);
  });
});
