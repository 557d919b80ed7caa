import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogError, type CatalogIssueCode, formatCatalogError, loadCatalog } from '../src/index.js';

/**
 * Each invalid fixture has a golden `.expected.txt` holding the exact CLI rendering of its errors,
 * positions included. Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
 */
const dir = 'test/fixtures/invalid';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.json'));
const update = process.env.UPDATE_GOLDEN === '1';

async function errorOf(file: string): Promise<CatalogError> {
  const error = await loadCatalog(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CatalogError)) throw new Error(`${file} loaded without a CatalogError`);
  return error;
}

describe('invalid catalogs report every problem with its position', () => {
  for (const fixture of fixtures) {
    it(fixture, async () => {
      const file = `${dir}/${fixture}`;
      const rendered = `${formatCatalogError(await errorOf(file))}\n`;
      const golden = file.replace(/\.(yaml|json)$/, '.expected.txt');
      if (update || !existsSync(golden)) writeFileSync(golden, rendered);
      expect(rendered).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

it('every issue code is exercised by a fixture or a file-level test', async () => {
  const covered = new Set<string>();
  for (const fixture of fixtures) {
    for (const issue of (await errorOf(`${dir}/${fixture}`)).issues) covered.add(issue.code);
  }
  // Exercised in load-file.test.ts, which builds these files at run time.
  for (const code of ['file-not-found', 'not-a-file', 'file-too-large']) covered.add(code);
  const all: CatalogIssueCode[] = [
    'file-not-found',
    'not-a-file',
    'file-too-large',
    'empty-file',
    'syntax',
    'too-deep',
    'too-many-aliases',
    'schema',
    'unknown-key',
    'unsupported-keyword',
    'unknown-reader',
    'unknown-environment',
    'unknown-placeholder',
    'provider-not-configured',
    'duplicate-environment',
    'duplicate-env-var',
    'duplicate-store-path',
    'invalid-aws-name',
    'invalid-vault-path',
    'invalid-value-schema',
    'invalid-env-var-name',
    'invalid-generate',
    'rotation-unsupported',
  ];
  expect(all.filter((code) => !covered.has(code))).toEqual([]);
});
