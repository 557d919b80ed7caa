import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdown.js';
import { ROOT } from './markdown.js';

/** The compiler's complaints about one block, as `line:col message` relative to the block. */
export type BlockDiagnostics = Map<CodeBlock, string[]>;

/**
 * Type-checks TypeScript blocks the way a service's code is checked: strict, ES modules with
 * NodeNext resolution, each block a module in the example service's directory `dir` (so
 * `./generated/ts/api.js` is the example's generated accessor) with its `prelude` first.
 */
export function compileBlocks(blocks: readonly CodeBlock[], dir: string): BlockDiagnostics {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, { block: CodeBlock; preludeLines: number }>();
  blocks.forEach((block, index) => {
    const prelude = block.directives
      .filter((d) => d.kind === 'prelude')
      .map((d) => d.argument)
      .join('\n');
    const file = join(dir, `docs-block-${index}.ts`);
    const text = prelude ? `${prelude}\n${block.code}` : block.code;
    // `export {}` keeps a block without imports a module, so its top-level await is allowed.
    writeFileSync(file, `${text}\nexport {};\n`);
    files.set(file, { block, preludeLines: prelude ? prelude.split('\n').length : 0 });
  });
  const program = ts.createProgram([...files.keys()], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: false,
  });
  const found: BlockDiagnostics = new Map();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const entry = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    if (!entry || diagnostic.start === undefined || !diagnostic.file) continue;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const list = found.get(entry.block) ?? [];
    list.push(`line ${line + 1 - entry.preludeLines}:${character + 1} TS${diagnostic.code} ${message}`);
    found.set(entry.block, list);
  }
  return found;
}
