import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogError, type CatalogIssueCode, formatCatalogError, parseCatalog } from '../src/index.js';
import { inPackage } from './paths.js';

/**
 * Each invalid fixture has a golden `.expected.txt` holding the exact CLI rendering of its errors,
 * positions and code frames included. Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
 */
const dir = 'test/fixtures/invalid';
const absolute = (file: string) => inPackage(file);
const fixtures = readdirSync(absolute(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.json'));
const update = process.env.UPDATE_GOLDEN === '1';

async function errorOf(file: string): Promise<CatalogError> {
  // Parsed under the relative name, so the goldens read the same from any working directory.
  const error = await Promise.resolve()
    .then(() => parseCatalog(readFileSync(absolute(file), 'utf8'), file))
    .then(
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
      const sources = new Map([[file, readFileSync(absolute(file), 'utf8')]]);
      const rendered = `${formatCatalogError(await errorOf(file), { sources })}\n`;
      const golden = file.replace(/\.(yaml|json)$/, '.expected.txt');
      if (update || !existsSync(absolute(golden))) writeFileSync(absolute(golden), rendered);
      expect(rendered).toBe(readFileSync(absolute(golden), 'utf8'));
    });
  }
});

it('every issue code is exercised by a fixture or a file-level test', async () => {
  const covered = new Set<string>();
  for (const fixture of fixtures) {
    for (const issue of (await errorOf(`${dir}/${fixture}`)).issues) covered.add(issue.code);
  }
  // Exercised in load-file.test.ts, which builds these files at run time.
  for (const code of ['file-not-found', 'not-a-file', 'file-too-large', 'not-utf8']) covered.add(code);
  const all: CatalogIssueCode[] = [
    'file-not-found',
    'not-a-file',
    'file-too-large',
    'not-utf8',
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
    'invalid-text',
    'invalid-name',
    'duplicate-name',
    'reserved-name',
    'duplicate-service-account',
    'invalid-vault-mount',
    'conflicting-options',
    'go-name-collision',
    'python-name-collision',
  ];
  expect(all.filter((code) => !covered.has(code))).toEqual([]);
});
