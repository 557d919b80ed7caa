import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'locksmith-schema-'));

async function issueOf(file: string) {
  const error = await loadCatalog(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CatalogError);
  const issues = (error as CatalogError).issues;
  expect(issues).toHaveLength(1);
  return issues[0];
}

describe('files that cannot be catalogs fail with one clear issue, never a stack trace', () => {
  it('a missing file', async () => {
    const issue = await issueOf(join(dir, 'nope.yaml'));
    expect(issue).toMatchObject({ code: 'file-not-found', message: 'no such file', line: 0 });
    expect(issue?.hint).toContain('--catalog');
  });

  it('a directory', async () => {
    const sub = join(dir, 'a-directory.yaml');
    mkdirSync(sub);
    expect(await issueOf(sub)).toMatchObject({ code: 'not-a-file' });
  });

  it('a 50 MB file is refused before it is read', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024);
    const issue = await issueOf(big);
    expect(issue).toMatchObject({ code: 'file-too-large' });
    expect(issue?.message).toBe('is 50.0 MiB; a catalog may be at most 10 MiB');
  });

  it('deep block nesting (not only flow brackets) is refused', async () => {
    const deep = join(dir, 'deep.yaml');
    const lines = Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k${i}:`);
    writeFileSync(deep, `${lines.join('\n')} end\n`);
    expect(await issueOf(deep)).toMatchObject({ code: 'too-deep' });
  });

  it('a JSON syntax error is located', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "version": 1,\n  "project": "x",,\n}\n');
    const error = (await loadCatalog(bad).catch((e: unknown) => e)) as CatalogError;
    expect(error.issues[0]).toMatchObject({ code: 'syntax', line: 3 });
  });

  it('CatalogError carries a stable code and a one-line message', async () => {
    const error = (await loadCatalog(join(dir, 'nope.yaml')).catch((e: unknown) => e)) as CatalogError;
    expect(error.code).toBe('CATALOG_INVALID');
    expect(error.message).toBe(`${join(dir, 'nope.yaml')}: no such file`);
  });
});
