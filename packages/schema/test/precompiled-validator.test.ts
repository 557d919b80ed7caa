import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATALOG_SCHEMA_SHA256, compileCatalogValidator } from '../src/meta-schema.js';
import { standaloneValidatorSource } from '../src/standalone-validator.js';
import { EXAMPLE_CATALOG, inPackage } from './paths.js';

/** Evaluates the build's standalone source as the loader requires it (CommonJS, ajv's runtime from this package). */
function loadStandalone(source: string): ValidateFunction & { schemaSha256?: string } {
  const module = { exports: {} as ValidateFunction & { schemaSha256?: string } };
  new Function('module', 'exports', 'require', source)(
    module,
    module.exports,
    createRequire(import.meta.url),
  );
  return module.exports;
}

describe('the precompiled meta-schema validator', () => {
  const precompiled = loadStandalone(standaloneValidatorSource());
  const compiled = compileCatalogValidator();

  it('is stamped with the sha256 of the schema it was built from', () => {
    expect(precompiled.schemaSha256).toBe(CATALOG_SCHEMA_SHA256);
    expect(CATALOG_SCHEMA_SHA256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts and rejects exactly as ajv compiling at run time does, with the same errors', () => {
    const files = [EXAMPLE_CATALOG];
    for (const dir of ['test/fixtures/valid', 'test/fixtures/invalid']) {
      for (const name of readdirSync(inPackage(dir)))
        if (/\.(ya?ml|json)$/.test(name)) files.push(inPackage(`${dir}/${name}`));
    }
    const example = parse(readFileSync(EXAMPLE_CATALOG, 'utf8')) as Record<string, Record<string, unknown>>;
    const mutants: unknown[] = [
      { ...example, versoin: 1 },
      { ...example, version: 2 },
      {
        ...example,
        secrets: { ...example.secrets, x: { provider: 'gcp', schema: { type: 'list' }, readers: 'api' } },
      },
      { ...example, services: { API: {} } },
    ];
    let rejected = 0;
    for (const file of [...files, ...mutants]) {
      let data: unknown = file;
      if (typeof file === 'string') {
        try {
          data = parse(readFileSync(file, 'utf8'));
        } catch {
          continue; // a syntax fixture: never reaches the validator
        }
      }
      const verdict = precompiled(data);
      expect(verdict, String(file)).toBe(compiled(data));
      expect(JSON.stringify(precompiled.errors), String(file)).toBe(JSON.stringify(compiled.errors));
      if (!verdict) rejected++;
    }
    expect(rejected).toBeGreaterThan(6);
  });
});
