import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogError, formatCatalogError, parseCatalog } from '@locksmith/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileBlocks } from '../src/compile-ts.js';
import { copyExample } from '../src/example-copy.js';
import { type CodeBlock, codeBlocks, documentationFiles, skipOf, where } from '../src/markdown.js';
import { runShell } from '../src/run-shell.js';
import { syntaxError } from '../src/syntax.js';

const blocks = documentationFiles().flatMap(codeBlocks);
const SHELL = new Set(['sh', 'bash', 'shell']);
const TYPESCRIPT = new Set(['ts', 'typescript']);
const SYNTAX = new Set(['go', 'rust', 'python', 'toml']);
const JAVASCRIPT = new Set(['js', 'javascript']);
/** Output samples, diagrams and diffs: shown, not run. */
const NOT_CODE = new Set(['', 'text', 'console', 'diff', 'mermaid']);

const runnable = (langs: ReadonlySet<string>) =>
  blocks.filter((b) => langs.has(b.lang) && !skipOf(b)).map((b) => [where(b), b] as const);

/** `…` lines (and trailing `…` items) mark what an excerpt leaves out. */
const withoutElisions = (code: string) =>
  code
    .split('\n')
    .filter((l) => l.trim() !== '…')
    .join('\n');

describe('every code block is accounted for', () => {
  it('has a language this test knows, and every skip says why', () => {
    const known = new Set([...SHELL, ...TYPESCRIPT, ...JAVASCRIPT, ...SYNTAX, ...NOT_CODE, 'yaml', 'json']);
    expect(blocks.filter((b) => !known.has(b.lang)).map((b) => `${where(b)} ${b.lang}`)).toEqual([]);
    const unexplained = blocks.filter((b) =>
      b.directives.some((d) => d.kind === 'skip' && d.reason.length < 10),
    );
    expect(unexplained.map(where)).toEqual([]);
    // The test found the documentation (an empty list would pass everything below).
    expect(blocks.length).toBeGreaterThan(40);
  });
});

describe('YAML blocks parse, and catalogs load', () => {
  it.each(runnable(new Set(['yaml'])))('%s', (_where, block) => {
    const excerpt = block.directives.some((d) => d.kind === 'excerpt');
    const text = excerpt ? withoutElisions(block.code) : block.code;
    const documents = parseAllDocuments(text);
    for (const document of Array.isArray(documents) ? documents : [])
      expect(document.errors.map((e) => e.message)).toEqual([]);
    // A whole catalog (not an excerpt of one) must be valid as written.
    if (!excerpt && /^version: 1$/m.test(text) && /^secrets:/m.test(text)) {
      try {
        parseCatalog(text, `${block.file}:${block.line}`);
      } catch (error) {
        if (error instanceof CatalogError) expect.fail(formatCatalogError(error));
        throw error;
      }
    }
  });
});

describe('JSON blocks parse', () => {
  it.each(runnable(new Set(['json'])))('%s', (_where, block) => {
    const excerpt = block.directives.some((d) => d.kind === 'excerpt');
    expect(() => JSON.parse(excerpt ? withoutElisions(block.code) : block.code)).not.toThrow();
  });
});

describe('Go, Rust, Python and TOML blocks parse', () => {
  it.each(runnable(SYNTAX))('%s', (_where, block) => {
    expect(syntaxError(block.lang, block.code)).toBeUndefined();
  });
});

describe('TypeScript blocks compile against the packages and the example service', () => {
  const work = join(import.meta.dirname, '..', '.work', `ts-${process.pid}`);
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const typescript = runnable(TYPESCRIPT);
  let diagnostics: ReturnType<typeof compileBlocks> | undefined;
  const compiled = () => {
    if (!diagnostics) {
      mkdirSync(work, { recursive: true });
      const { dir } = copyExample(work);
      diagnostics = compileBlocks(
        typescript.map(([, b]) => b),
        dir,
      );
    }
    return diagnostics;
  };
  it.each(typescript)('%s', (_where, block) => {
    expect(compiled().get(block) ?? []).toEqual([]);
  });
});

describe('JavaScript blocks run, as CommonJS, in a copy of the example service', () => {
  it.each(runnable(JAVASCRIPT))('%s', async (_where, block) => {
    const { dir, cleanup } = copyExample();
    try {
      writeFileSync(join(dir, 'docs-block.cjs'), block.code);
      const result = await runShell('node docs-block.cjs', dir, 60_000);
      expect(result.code, result.output).toBe(0);
    } finally {
      cleanup();
    }
  });
});

describe('shell blocks run in a copy of the example service', () => {
  it.each(runnable(SHELL))(
    '%s',
    async (_where, block: CodeBlock) => {
      const dropped = block.directives.filter((d) => d.kind === 'without').map((d) => d.argument);
      const script = block.code
        .split('\n')
        .filter((line) => !dropped.some((prefix) => line.trimStart().startsWith(prefix)))
        .join('\n');
      const { dir, cleanup } = copyExample();
      try {
        const result = await runShell(script, dir, 100_000);
        expect(result.code, `${where(block)} printed:\n${result.output}`).toBe(0);
      } finally {
        cleanup();
      }
    },
    120_000,
  );
});
