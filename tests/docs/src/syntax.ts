import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Parses a Go, Rust, Python or TOML block with the language's own tool and returns its complaint,
 * or undefined when the block parses. Snippets are fragments (a struct, a call), so only the
 * syntax is checked: Go and Rust fragments are wrapped in a function body when they do not parse
 * as a file on their own.
 */
export function syntaxError(lang: string, code: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'locksmith-docs-syntax-'));
  try {
    switch (lang) {
      case 'go':
        return firstParse([`package snippet\n${code}`, `package snippet\nfunc _() {\n${code}\n}`], (text) =>
          tool(dir, 'snippet.go', text, 'gofmt', ['-e']),
        );
      case 'rust':
        return firstParse([code, `fn _snippet() {\n${code}\n}`], (text) =>
          tool(dir, 'snippet.rs', text, 'rustfmt', ['--edition', '2021', '--emit', 'stdout']),
        );
      case 'python':
        return tool(dir, 'snippet.py', code, 'python3', [
          '-c',
          'import ast,sys; ast.parse(open(sys.argv[1]).read())',
        ]);
      case 'toml':
        return tool(dir, 'snippet.toml', code, 'python3', [
          '-c',
          'import tomllib,sys; tomllib.load(open(sys.argv[1], "rb"))',
        ]);
      default:
        throw new Error(`no syntax check for ${lang}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstParse(candidates: readonly string[], check: (text: string) => string | undefined) {
  let first: string | undefined;
  for (const text of candidates) {
    const problem = check(text);
    if (problem === undefined) return undefined;
    first ??= problem;
  }
  return first;
}

/** Runs `command ...args FILE` on the text; the tool's stderr when it exits non-zero. */
function tool(dir: string, name: string, text: string, command: string, args: readonly string[]) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const result = spawnSync(command, [...args, file], { encoding: 'utf8' });
  if (result.error) throw new Error(`${command} is needed to check ${name}: ${result.error.message}`);
  return result.status === 0 ? undefined : `${command}: ${result.stderr.trim()}`;
}
