import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { budget } from './helpers/budget.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The declaration files tsc would publish for src/, emitted in memory. */
function declarations(): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(
    fileURLToPath(new URL('../tsconfig.build.json', import.meta.url)),
    {
      declaration: true,
      emitDeclarationOnly: true,
      noEmit: false,
      declarationMap: false,
      sourceMap: false,
      // Declarations only, without type-checking the AWS SDK again: seconds instead of tens.
      noCheck: true,
    },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error('tsconfig.build.json not readable');
  const out = new Map<string, string>();
  ts.createProgram(config.fileNames, config.options).emit(undefined, (file, text) => out.set(file, text));
  return out;
}

/** Module specifiers a source file imports at runtime (type-only imports are erased). */
function runtimeImports(text: string): string[] {
  const specifiers: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms))
    specifiers.push(match[1]!);
  return specifiers;
}

describe('package surface', () => {
  it(
    'no published declaration names node-vault (its types are not part of our API)',
    () => {
      const emitted = declarations();
      expect(emitted.size).toBeGreaterThan(10);
      for (const [file, text] of emitted)
        expect(text, file).not.toMatch(/from ['"]node-vault['"]|import\(['"]node-vault['"]\)/);
      // Emitting declarations for the package takes ~2 s on a quiet machine, ~8 s on a loaded one.
    },
    budget(60_000),
  );

  it('nothing loads yaml (or the catalog loader that uses it) at runtime: the schema package is imported for types only', () => {
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const offenders = files.flatMap((file) =>
      runtimeImports(readFileSync(join(SRC, file), 'utf8'))
        .filter((s) => s === 'yaml' || s.startsWith('@locksmith/schema'))
        .map((s) => `${file} imports ${s}`),
    );
    expect(offenders).toEqual([]);
    // The check itself sees a runtime import when there is one.
    expect(
      runtimeImports("import { loadCatalog } from '@locksmith/schema';\nimport type { X } from 'yaml';"),
    ).toEqual(['@locksmith/schema']);
  });
});
