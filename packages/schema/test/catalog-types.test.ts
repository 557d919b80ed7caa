import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLE_CATALOG, inPackage } from './paths.js';

/**
 * The TypeScript types generated from catalog.schema.json must accept every valid catalog
 * (and reject an invalid one), or they have drifted from the schema the loader enforces.
 */
const typesFile = inPackage('src/generated/catalog-types.ts');

function typeErrors(documents: Record<string, unknown>): string[] {
  const sources = new Map<string, string>();
  for (const [name, doc] of Object.entries(documents)) {
    sources.set(
      resolve(`__check__/${name}.ts`),
      `import type { LocksmithCatalog } from '${typesFile.replace(/\.ts$/, '.js')}';\nexport const catalog: LocksmithCatalog = ${JSON.stringify(doc)};\n`,
    );
  }
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => sources.get(resolve(file)) ?? readFile(file);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => sources.has(resolve(file)) || fileExists(file);
  const program = ts.createProgram([...sources.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const load = (file: string) => parse(readFileSync(file, 'utf8')) as unknown;

describe('generated catalog types', () => {
  it('accept the example catalog and the valid fixtures', () => {
    const errors = typeErrors({
      example: load(EXAMPLE_CATALOG),
      minimal: load(inPackage('test/fixtures/valid/minimal.yaml')),
      full: load(inPackage('test/fixtures/valid/full.json')),
    });
    expect(errors).toEqual([]);
  }, 60_000);

  it('reject a catalog with a misspelt key (so the check above can fail)', () => {
    const broken = { ...(load(inPackage('test/fixtures/valid/minimal.yaml')) as object), projekt: 'x' };
    expect(typeErrors({ broken }).join('\n')).toMatch(/projekt/);
  }, 60_000);
});
