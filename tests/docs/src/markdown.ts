import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * How a block is run, said in an HTML comment on the line before its fence (GitHub does not show it):
 *
 * - `<!-- docs-test: skip: REASON -->` — not run; the reason is required and says what it would need.
 * - `<!-- docs-test: without "PREFIX": REASON -->` — shell: lines starting with PREFIX are left out
 *   (an `npm install` of packages the test links from the workspace instead).
 * - `<!-- docs-test: prelude: CODE -->` — TypeScript: CODE goes before the block (the imports and
 *   values the surrounding prose already introduced).
 * - `<!-- docs-test: excerpt -->` — YAML or JSON: part of a larger document; `…` lines are dropped
 *   and the rest must parse.
 */
export interface Directive {
  readonly kind: 'skip' | 'without' | 'prelude' | 'excerpt';
  readonly argument: string;
  readonly reason: string;
}

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** Repository-relative file. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word (`sh`, `ts`, `yaml`…), '' when there is none. */
  readonly lang: string;
  /** The block's text, with the fence's indentation removed. */
  readonly code: string;
  readonly directives: readonly Directive[];
}

/** Every Markdown file users read: docs/, the README, and the README of each package and app. */
export function documentationFiles(): string[] {
  const within = (dir: string, name = 'README.md') =>
    readdirSync(join(ROOT, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(dir, d.name, name))
      .filter((file) => {
        try {
          readFileSync(join(ROOT, file));
          return true;
        } catch {
          return false;
        }
      });
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f));
  return ['README.md', ...docs, ...within('packages'), ...within('apps')].sort();
}

const DIRECTIVE = /^\s*<!--\s*docs-test:\s*(skip|without|prelude|excerpt)\b\s*(.*?)\s*-->\s*$/;

function parseDirective(line: string): Directive | undefined {
  const match = DIRECTIVE.exec(line);
  if (!match) return undefined;
  const kind = match[1] as Directive['kind'];
  const rest = match[2] ?? '';
  if (kind === 'without') {
    const quoted = /^"([^"]+)":\s*(.+)$/.exec(rest);
    if (!quoted) throw new Error(`docs-test: without needs "PREFIX": REASON, got "${rest}"`);
    return { kind, argument: quoted[1]!, reason: quoted[2]! };
  }
  if (kind === 'skip') return { kind, argument: '', reason: rest.replace(/^:\s*/, '') };
  if (kind === 'prelude') return { kind, argument: rest.replace(/^:\s*/, ''), reason: '' };
  return { kind, argument: '', reason: '' };
}

/** The fenced blocks of one file (indented fences in list items included). */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '```', lang = ''] = open;
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[end]!)) end++;
    if (end >= lines.length) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    const directives: Directive[] = [];
    for (let back = i - 1; back >= 0; back--) {
      const directive = parseDirective(lines[back]!);
      if (!directive) break;
      directives.unshift(directive);
    }
    const code = lines
      .slice(i + 1, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
      .join('\n');
    blocks.push({ file: relative(ROOT, join(ROOT, file)), line: i + 1, lang, code: `${code}\n`, directives });
    i = end;
  }
  return blocks;
}

/** A block's `skip` directive, if any. */
export const skipOf = (block: CodeBlock): Directive | undefined =>
  block.directives.find((d) => d.kind === 'skip');

/** `file:line` of a block, for test names and messages. */
export const where = (block: CodeBlock): string => `${block.file}:${block.line}`;
