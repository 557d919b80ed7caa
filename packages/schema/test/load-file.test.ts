import { isUtf8 } from 'node:buffer';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog, parseCatalog, reportCatalogError } from '../src/index.js';
import { firstInvalidByte } from '../src/source/read-file.js';

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

  it('a file saved as Latin-1 is refused at its first non-UTF-8 byte, located, with the fix', async () => {
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(
      latin1,
      Buffer.from('version: 1\nproject: shop\ndescription: "Schl\u00fcssel"\n', 'latin1'),
    );
    const issue = await issueOf(latin1);
    expect(issue).toMatchObject({ code: 'not-utf8', line: 3, column: 19 });
    expect(issue?.message).toBe('is not UTF-8 text: byte 0xfc cannot start or continue a character');
    expect(issue?.hint).toContain('Save the catalog as UTF-8');
    const error = (await loadCatalog(latin1).catch((e: unknown) => e)) as CatalogError;
    const { text } = reportCatalogError(error, dir);
    expect(text.split('\n').slice(0, 5)).toEqual([
      'latin1.yaml:3:19: is not UTF-8 text: byte 0xfc cannot start or continue a character [not-utf8]',
      '  1 | version: 1',
      '  2 | project: shop',
      '> 3 | description: "Schl\ufffdssel"',
      '    |                   ^^^^^^',
    ]);
  });

  it('a leading byte-order mark is not content: positions on the first line count from the first key', async () => {
    const bom = join(dir, 'bom.yaml');
    writeFileSync(bom, '\ufeffversion: 2\n');
    const error = (await loadCatalog(bom).catch((e: unknown) => e)) as CatalogError;
    expect(error.issues.some((i) => i.line === 1 && i.column === 1)).toBe(true);
    expect(error.issues.every((i) => !(i.line === 1 && i.column === 2))).toBe(true);
    expect(reportCatalogError(error, dir).text).not.toContain('\ufeff');
  });

  it('finds the first byte that breaks UTF-8 exactly where Node stops accepting the bytes', () => {
    const utf8ish = fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      fc
        .tuple(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.uint8Array({ maxLength: 4 }),
          fc.string({ unit: 'binary', maxLength: 8 }),
        )
        .map(([a, bad, b]) => new Uint8Array([...Buffer.from(a), ...bad, ...Buffer.from(b)])),
    );
    fc.assert(
      fc.property(utf8ish, (bytes) => {
        const at = firstInvalidByte(bytes);
        expect(at === -1).toBe(isUtf8(bytes));
        if (at >= 0) {
          expect(isUtf8(bytes.subarray(0, at))).toBe(true);
          // Every way of continuing from the bad byte stays invalid: it is where the text breaks.
          expect(isUtf8(bytes.subarray(at, at + 4))).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
    for (const bad of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5],
      [0x80],
    ]) {
      expect(firstInvalidByte(new Uint8Array([0x61, ...bad]))).toBe(1);
    }
  });

  it('CatalogError carries a stable code and a one-line message', async () => {
    const error = (await loadCatalog(join(dir, 'nope.yaml')).catch((e: unknown) => e)) as CatalogError;
    expect(error.code).toBe('CATALOG_INVALID');
    expect(error.message).toBe(`${join(dir, 'nope.yaml')}: no such file`);
  });
});

describe('shape errors never run catalog data as code', () => {
  it('a mapping whose toString is not a function, where a string belongs, is a located error', () => {
    const doc = {
      version: 1,
      project: { toString: false },
      environments: ['dev'],
      providers: {},
      secrets: {},
    };
    const error = (() => {
      try {
        parseCatalog(JSON.stringify(doc), 'odd.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).issues).toContainEqual(
      expect.objectContaining({ pointer: '/project', message: 'must be a string, not a mapping' }),
    );
  });
});
