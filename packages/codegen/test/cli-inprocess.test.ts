import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { EMITTERS, type EmitterEntry } from '../src/emitters/index.js';
import { EXAMPLE_CATALOG } from './helpers/catalogs.js';
import { tempDir } from './helpers/cli.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await copyFile(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

function captureIo() {
  const output = { stdout: '', stderr: '' };
  return {
    output,
    io: {
      cwd: dir,
      color: false,
      stdout: (t: string) => {
        output.stdout += t;
      },
      stderr: (t: string) => {
        output.stderr += t;
      },
    },
  };
}

/** The real registry with the last emitter replaced by one that fails after the others ran. */
const failingLast: EmitterEntry[] = [
  ...EMITTERS.slice(0, -1),
  {
    ...EMITTERS[EMITTERS.length - 1]!,
    emit: () => {
      throw new Error('inventory exploded');
    },
  },
];

describe('atomicity and internal errors', () => {
  it('writes nothing when any emitter fails, and reports a bug with exit 70', async () => {
    const { io, output } = captureIo();
    const code = await runCli(['gen'], io, { emitters: failingLast });
    expect(code).toBe(70);
    expect(output.stderr).toContain('internal error: rendering failed: inventory exploded');
    expect(output.stderr).toContain('This is a bug in locksmith');
    expect(await readdir(dir)).toEqual(['secrets.catalog.yaml']);
  });

  it('makes validate fail the same way: it renders with the registry gen uses, writing nothing', async () => {
    const { io, output } = captureIo();
    const code = await runCli(['validate'], io, { emitters: failingLast });
    expect(code).toBe(70);
    expect(output.stdout).not.toContain(': ok:');
    expect(output.stderr).toContain('internal error: rendering failed: inventory exploded');
    expect(await readdir(dir)).toEqual(['secrets.catalog.yaml']);
  });

  it('leaves an existing tree untouched when rendering fails', async () => {
    const ok = captureIo();
    expect(await runCli(['gen'], ok.io)).toBe(0);
    const file = join(dir, 'generated', 'ts', 'api.ts');
    const before = { contents: await readFile(file, 'utf8'), mtime: (await stat(file)).mtimeMs };
    const { io } = captureIo();
    expect(await runCli(['gen'], io, { emitters: failingLast })).toBe(70);
    expect(await readFile(file, 'utf8')).toBe(before.contents);
    expect((await stat(file)).mtimeMs).toBe(before.mtime);
  });

  it('colours the diff only when asked to (a TTY)', async () => {
    const ok = captureIo();
    await runCli(['gen', '--only', 'inventory'], ok.io);
    const path = join(dir, 'generated', 'SECRETS.md');
    await writeFile(path, (await readFile(path, 'utf8')).replace('# Secrets of', '# Secret of'));
    const plain = captureIo();
    expect(await runCli(['gen', '--only', 'inventory', '--check'], plain.io)).toBe(1);
    expect(plain.output.stderr).not.toContain('\u001b[');
    const colored = captureIo();
    expect(await runCli(['gen', '--only', 'inventory', '--check'], { ...colored.io, color: true })).toBe(1);
    expect(colored.output.stderr).toContain('\u001b[32m+# Secrets of');
    expect(colored.output.stderr).toContain('\u001b[31m-# Secret of');
  });
});

describe('an emitter that refuses the catalog', () => {
  it('exits 2 with the located error, writing nothing, when a Go service has a pattern RE2 cannot run', async () => {
    const catalog = `version: 1
project: shop
environments: [dev]
providers: { aws: { region: us-east-1, accountId: "123456789012" } }
services:
  billing: { languages: [go] }
secrets:
  token:
    provider: aws
    readers: [billing]
    schema: { type: string, pattern: "^(?!test_).+$" }
`;
    await writeFile(join(dir, 'secrets.catalog.yaml'), catalog);
    const { io, output } = captureIo();
    const code = await runCli(['gen'], io);
    expect(code).toBe(2);
    expect(output.stderr).toContain('/secrets/token/schema');
    // Like the loader's own errors: the path as typed (relative to the working directory), the
    // line and column, and a code frame with a caret under the offending value.
    expect(output.stderr).toMatch(/^secrets\.catalog\.yaml:11:38 \/secrets\/token\/schema\/pattern:/);
    expect(output.stderr).toContain('> 11 |     schema: { type: string, pattern: "^(?!test_).+$" }');
    expect(output.stderr).not.toContain(dir);
    expect(output.stderr).not.toContain('This is a bug');
    await expect(stat(join(dir, 'generated'))).rejects.toThrow();
    // --json carries the same located issue as data.
    const json = captureIo();
    expect(await runCli(['gen', '--json'], json.io)).toBe(2);
    expect(JSON.parse(json.output.stdout)).toMatchObject({
      ok: false,
      error: {
        code: 'CATALOG_INVALID',
        issues: [expect.objectContaining({ file: 'secrets.catalog.yaml', line: 11, column: 38 })],
      },
    });
  });
});

describe('the status line of gen', () => {
  const CLEAR = '\r\u001b[2K';

  it('says what gen is doing on a terminal, and clears itself before the result', async () => {
    const terminal = captureIo();
    expect(await runCli(['gen'], terminal.io, { interactive: true })).toBe(0);
    expect(terminal.output.stderr).toContain(`${CLEAR}locksmith: loading ./secrets.catalog.yaml`);
    expect(terminal.output.stderr).toMatch(/locksmith: rendering: \w+ done \(\d+\/\d+\)/);
    expect(terminal.output.stderr.endsWith(CLEAR)).toBe(true);
    expect(terminal.output.stdout).toMatch(/^locksmith: \d+ written/);
    const check = captureIo();
    expect(await runCli(['gen', '--check'], check.io, { interactive: true })).toBe(0);
    expect(check.output.stderr).toContain('locksmith: comparing with ./generated');
  });

  it('says what validate is doing on a terminal too (it renders like gen), and clears itself before the summary', async () => {
    const terminal = captureIo();
    expect(await runCli(['validate'], terminal.io, { interactive: true })).toBe(0);
    expect(terminal.output.stderr).toContain(`${CLEAR}locksmith: loading ./secrets.catalog.yaml`);
    expect(terminal.output.stderr).toMatch(/locksmith: rendering: \w+ done \(\d+\/\d+\)/);
    expect(terminal.output.stderr.endsWith(CLEAR)).toBe(true);
    expect(terminal.output.stdout).toMatch(/^\.\/secrets\.catalog\.yaml: ok: \d+ secrets/);
    const json = captureIo();
    expect(await runCli(['validate', '--json'], json.io, { interactive: true })).toBe(0);
    expect(json.output.stderr).toBe('');
    expect(JSON.parse(json.output.stdout)).toMatchObject({ ok: true, catalog: './secrets.catalog.yaml' });
  });

  it('draws nothing off a terminal or with --json', async () => {
    const piped = captureIo();
    expect(await runCli(['gen'], piped.io, { interactive: false })).toBe(0);
    expect(piped.output.stderr).toBe('');
    const json = captureIo();
    expect(await runCli(['gen', '--check', '--json'], json.io, { interactive: true })).toBe(0);
    expect(json.output.stderr).toBe('');
  });
});
