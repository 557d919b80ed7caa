import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlocks, ROOT } from '../src/markdown.js';

/** The SchemaStore catalog entry docs/catalog.md gives to submit. */
const block = codeBlocks('docs/catalog.md').find(
  (b) => b.lang === 'json' && b.code.includes('"fileMatch"') && b.code.includes('"name"'),
);
const entry = JSON.parse(block?.code ?? '{}') as {
  name?: string;
  description?: string;
  fileMatch?: string[];
  url?: string;
};
const schemaPackage = JSON.parse(readFileSync(join(ROOT, 'packages/schema/package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  files: string[];
};

describe('the SchemaStore entry in docs/catalog.md', () => {
  it('has the fields a SchemaStore catalog entry needs', () => {
    expect(Object.keys(entry).sort()).toEqual(['description', 'fileMatch', 'name', 'url']);
    expect(entry.description).not.toMatch(/\.$/); // SchemaStore's style: no final full stop
  });

  it('matches the file name the docs and the example use', () => {
    expect(entry.fileMatch).toContain('secrets.catalog.yaml');
    expect(readFileSync(join(ROOT, 'apps/example-service/secrets.catalog.yaml'), 'utf8')).toContain(
      '$schema=',
    );
  });

  it('points at the schema file the published package ships, for its major version', () => {
    const major = schemaPackage.version.split('.')[0];
    expect(entry.url).toBe(`https://cdn.jsdelivr.net/npm/${schemaPackage.name}@${major}/catalog.schema.json`);
    expect(schemaPackage.exports['./catalog.schema.json']).toBe('./catalog.schema.json');
    expect(schemaPackage.files).toContain('catalog.schema.json');
  });
});
