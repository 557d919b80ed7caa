import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { POLYGLOT_CATALOG } from './fixtures/polyglot/support.js';
import { tempDir } from './helpers/cli.js';

/** `gen --check` covers the Go and Python trees like every other emitter's: a hand edit is drift. */
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await copyFile(POLYGLOT_CATALOG, join(dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

async function cli(args: readonly string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const collect = (text: string) => {
    output += text;
  };
  const code = await runCli([...args], { cwd: dir, color: false, stdout: collect, stderr: collect });
  return { code, output };
}

describe.each([
  ['go/ledgergo/secrets.go', '"minLength": 16', '"minLength": 1'],
  ['python/analytics_py/secrets.py', '"minLength": 16', '"minLength": 1'],
])('a hand edit to %s', (path, from, to) => {
  it('is reported as drift by gen --check, and gen puts it back', async () => {
    expect((await cli(['gen'])).code).toBe(0);
    expect((await cli(['gen', '--check'])).code).toBe(0);
    const file = join(dir, 'generated', path);
    const original = await readFile(file, 'utf8');
    expect(original).toContain(from);
    await writeFile(file, original.replace(from, to));

    const check = await cli(['gen', '--check']);
    expect(check.code).toBe(1);
    expect(check.output).toContain(path);

    expect((await cli(['gen'])).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(original);
  });
});
