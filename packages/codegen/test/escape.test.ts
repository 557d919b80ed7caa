import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseDotenv } from 'dotenv';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import {
  dotenvComment,
  goDocText,
  goLineComment,
  goRawJson,
  goRawString,
  goString,
  hclComment,
  hclString,
  mdCode,
  mdHtmlComment,
  mdText,
  mermaidLabel,
  mermaidLabelDecode,
  pyDocstring,
  pyLineComment,
  pyString,
  rustDocText,
  rustLineComment,
  rustRawJson,
  rustString,
  terraformLiteral,
  tsBlockComment,
  tsLineComment,
  tsString,
  yamlComment,
  yamlString,
} from '../src/escape/index.js';

/** Any UTF-16 string: lone surrogates, controls, line separators, the lot. */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
/** Well-formed Unicode (what a catalog can hold: the loader refuses lone surrogates). */
const wellFormed = fc.string({ unit: 'grapheme', maxLength: 40 });
/** Text biased towards the characters each format treats specially. */
const nasty = fc.string({
  unit: fc.constantFrom(
    '\n',
    '\r',
    '\u2028',
    '\u2029',
    '\u0085',
    '\0',
    '"',
    "'",
    '\\',
    '`',
    '*/',
    '-->',
    '--!>',
    '${',
    '%{',
    '{{',
    '|',
    '<',
    '>',
    '#',
    '*',
    '[',
    ']',
    '(',
    ')',
    '&',
    ';',
    'a',
    ' ',
    '\t',
    '\ufeff',
    '\ud800',
    '\udc00',
  ),
  maxLength: 30,
});
const texts = fc.oneof(anyText, nasty);
const RUNS = { numRuns: 300 };

function tsParse(source: string): ts.SourceFile & { parseDiagnostics: readonly ts.Diagnostic[] } {
  return ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true) as ts.SourceFile & {
    parseDiagnostics: readonly ts.Diagnostic[];
  };
}

describe('TypeScript', () => {
  it('string literals parse and hold exactly the text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const file = tsParse(`export const x = ${tsString(text)};\n`);
        expect(file.parseDiagnostics).toEqual([]);
        const decl = (file.statements[0] as ts.VariableStatement).declarationList.declarations[0]!;
        expect((decl.initializer as ts.StringLiteral).text).toBe(text);
      }),
      RUNS,
    );
  });

  it('line and block comments never end early or add a statement', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const file = tsParse(
          `// ${tsLineComment(text)}\n/** ${tsBlockComment(text)} */\nexport const x = 1;\n`,
        );
        expect(file.parseDiagnostics).toEqual([]);
        expect(file.statements).toHaveLength(1);
      }),
      RUNS,
    );
  });
});

describe('YAML', () => {
  it('comments stay comments and scalars round-trip', () => {
    fc.assert(
      fc.property(texts, wellFormed, (comment, value) => {
        const doc = parseDocument(`# ${yamlComment(comment)}\nkey: ${yamlString(value)}\n`);
        expect(doc.errors).toEqual([]);
        expect(doc.toJS()).toEqual({ key: value });
      }),
      RUNS,
    );
  });
});

describe('HCL', () => {
  it('quoted strings parse (HCL 2) and hold exactly the text; comments stay comments', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          wellFormed,
          nasty.filter((s) => !/[\uD800-\uDFFF]/.test(s)),
        ),
        texts,
        async (value, comment) => {
          const parsed = (await parseHcl(
            'p.hcl',
            `# ${hclComment(comment)}\npath ${hclString(value)} {\n  capabilities = ["read"]\n}\n`,
          )) as {
            path: Record<string, unknown>;
          };
          expect(Object.keys(parsed)).toEqual(['path']);
          expect(Object.keys(parsed.path)).toEqual([value]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('Terraform literals never start an interpolation or a directive', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const literal = terraformLiteral(text);
        // What Terraform reads back: `$${` and `%%{` are the escapes of `${` and `%{`.
        expect(literal.replace(/([$%])\1\{/g, '$1{')).toBe(text);
        expect(literal).not.toMatch(/(^|[^$])\$\{|(^|[^%])%\{/);
      }),
      RUNS,
    );
  });
});

describe('.env', () => {
  it('a comment never becomes an assignment', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const parsed = parseDotenv(`# ${dotenvComment(text)}\nNAME=<string>\n`);
        expect(parsed).toEqual({ NAME: '<string>' });
      }),
      RUNS,
    );
  });
});

describe('Markdown', () => {
  const md = new MarkdownIt({ html: true });
  const plain = (html: string) =>
    html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const oneLine = (text: string) =>
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the line breaks Markdown folds
      .replace(/[\t\n\r\u2028\u2029\u0085\u000b\u000c]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim();

  it('table cells keep their count, create no HTML and show the text', () => {
    fc.assert(
      fc.property(wellFormed, wellFormed, (a, b) => {
        const html = md.render(`| a | b |\n| --- | --- |\n| ${mdText(a)} | ${mdCode(b)} |\n`);
        const row = html.split('<tbody>')[1]!;
        expect(row.match(/<td>/g)).toHaveLength(2);
        const tags = [...row.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
        expect(tags.filter((t) => !['tr', 'td', 'code', 'tbody', 'table'].includes(t!))).toEqual([]);
        const [cellA, cellB] = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: cells with controls show them escaped
        if (!/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufeff\ufffe\uffff]/.test(a))
          expect(plain(cellA!)).toBe(oneLine(a));
        expect(cellB).toMatch(/^<code>[\s\S]*<\/code>$/);
      }),
      RUNS,
    );
  });

  it('an HTML comment cannot be closed by the text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const tokens = md.parse(`<!-- ${mdHtmlComment(text)} -->\n\n# Title\n`, {});
        expect(tokens[0]!.type).toBe('html_block');
        expect(tokens[0]!.content.trimEnd().endsWith('-->')).toBe(true);
        expect(tokens[0]!.content.indexOf('-->')).toBe(tokens[0]!.content.trimEnd().length - 3);
        expect(tokens.slice(1).map((t) => t.type)).toEqual(['heading_open', 'inline', 'heading_close']);
      }),
      RUNS,
    );
  });
});

describe('Mermaid', () => {
  it('labels use only safe characters and decode to the text', () => {
    fc.assert(
      fc.property(wellFormed, (text) => {
        const label = mermaidLabel(text);
        expect(label).toMatch(/^[A-Za-z0-9 _.,:/()#;-]*$/);
        expect(mermaidLabelDecode(label)).toBe(text);
      }),
      RUNS,
    );
  });
});

/** Go, Python and Rust read the literals back themselves: one program each for a batch of samples. */
describe('Go, Python and Rust literals, read back by their compilers', () => {
  const samples = [
    ...fc.sample(
      fc.oneof(
        wellFormed,
        nasty.filter((s) => !/[\uD800-\uDFFF]/.test(s)),
      ),
      { numRuns: 150, seed: 13 },
    ),
    '\0\r\n\u2028\ufeff"\\`',
    'bidi \u202e\u2066 controls\u2069 ``` fence',
  ];
  const expected = JSON.stringify(samples);
  /** What a docstring or doc comment shows: one line, whitespace folded. */
  const folded = (s: string) => s.replace(/\s+/g, ' ').trim();

  it('Python: every str literal equals its text, docstrings hold the shown text, and comments compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'locksmith-escape-'));
    try {
      const file = join(dir, 'check.py');
      const body = samples.map((s) => `    ${pyString(s)},  # ${pyLineComment(s)}`).join('\n');
      const docs = samples.map((s, i) => `def doc${i}() -> None:\n    """${pyDocstring(s)}"""\n`).join('\n');
      const docList = samples.map((_, i) => `doc${i}.__doc__`).join(', ');
      writeFileSync(
        file,
        `# ${pyLineComment('\0\r\n')}\nimport json, sys\nvalues = [\n${body}\n]\n${docs}\nsys.stdout.write(json.dumps([values, [${docList}]]))\n`,
      );
      const [values, docstrings] = JSON.parse(execFileSync('python3', ['-B', file], { encoding: 'utf8' }));
      expect(values).toEqual(JSON.parse(expected));
      expect(docstrings).toEqual(samples.map((s) => pyLineComment(folded(s))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Go: interpreted and raw string literals equal their text; comments compile, doc comments are gofmt-stable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'locksmith-escape-'));
    try {
      const body = samples
        .map(
          (s) =>
            `\t${goString(s)}, ${goRawString(s)}, ${goRawJson(JSON.stringify(s))}, // ${goLineComment(s)}`,
        )
        .join('\n');
      const docs = samples.map(
        (s, i) => `// D${i} is documented.\n//\n// ${goDocText(s) || 'x'}\ntype D${i} struct{}\n`,
      );
      writeFileSync(
        join(dir, 'main.go'),
        `// ${goLineComment('\0\r\n\ufeff')}\npackage main\n\nimport (\n\t"encoding/json"\n\t"os"\n)\n\nvar values = []string{\n${body}\n}\n\n${docs.join('\n')}\nfunc main() { _ = json.NewEncoder(os.Stdout).Encode(values) }\n`,
      );
      // Doc comments are what gofmt leaves as they are (it rewrites some doc comment syntax).
      const gofmt = spawnSync('gofmt', ['-d', join(dir, 'main.go')], { encoding: 'utf8' });
      expect(gofmt.stderr).toBe('');
      expect(gofmt.stdout.split('\n').filter((l) => /^[-+]\/\/ /.test(l))).toEqual([]);
      const out = execFileSync('go', ['run', join(dir, 'main.go')], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GOFLAGS: '-mod=mod',
          GO111MODULE: 'off',
          GOCACHE: join(tmpdir(), 'locksmith-go-cache'),
        },
      });
      const values = JSON.parse(out) as string[];
      expect(values.filter((_, i) => i % 3 === 0)).toEqual(JSON.parse(expected));
      expect(values.filter((_, i) => i % 3 === 1)).toEqual(JSON.parse(expected));
      expect(values.filter((_, i) => i % 3 === 2).map((v) => JSON.parse(v))).toEqual(JSON.parse(expected));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('Rust: string and raw JSON literals equal their text; comments and doc comments compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'locksmith-escape-'));
    try {
      const items = samples.map(
        (s, i) =>
          `// ${rustLineComment(s)}\n/// ${rustDocText(s)}\npub const S${i}: &str = ${rustString(s)};\n/// ${rustDocText(s)}\npub const J${i}: &str = ${rustRawJson(JSON.stringify(s))};`,
      );
      const all = samples.map((_, i) => `S${i}, J${i}`).join(', ');
      const source = `${items.join('\n')}\nconst VALUES: &[&str] = &[${all}];\nfn main() {\n    for v in VALUES {\n        let hex: String = v.bytes().map(|b| format!("{:02x}", b)).collect();\n        println!("{}", hex);\n    }\n}\n`;
      writeFileSync(join(dir, 'main.rs'), source);
      execFileSync('rustc', ['--edition', '2021', '-o', join(dir, 'main'), join(dir, 'main.rs')], {
        stdio: 'pipe',
      });
      const values = execFileSync(join(dir, 'main'), { encoding: 'utf8' })
        .trimEnd()
        .split('\n')
        .map((hex) => Buffer.from(hex, 'hex').toString('utf8'));
      expect(values.filter((_, i) => i % 2 === 0)).toEqual(JSON.parse(expected));
      expect(values.filter((_, i) => i % 2 === 1).map((v) => JSON.parse(v))).toEqual(JSON.parse(expected));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
