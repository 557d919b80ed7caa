import { execFile } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CATALOG } from './helpers/catalogs.js';
import { BIN, tempDir } from './helpers/cli.js';

const MODULE_LOG = fileURLToPath(new URL('./helpers/module-log.mjs', import.meta.url));
const PACKAGE = pathToFileURL(fileURLToPath(new URL('..', import.meta.url))).href;

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(join(dir, 'package.json'), '{"name":"bundle-run","private":true}\n');
  await copyFile(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

/** Runs the built bin with the module log and returns the exit code and the files it loaded. */
function run(...args: string[]): Promise<{ code: number; loaded: string[] }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', MODULE_LOG, BIN, ...args],
      { cwd: dir, env: { ...process.env, CACHE_DIR: '', NO_COLOR: '1' } },
      (error, _stdout, stderr) => {
        const loaded = stderr
          .split('\n')
          .filter((line) => line.startsWith('loaded '))
          .map((line) => line.slice('loaded '.length));
        resolve({ code: error ? Number(error.code) : 0, loaded });
      },
    );
  });
}

describe('the bundled CLI', () => {
  it('runs validate and gen --check from a handful of bundled files, not the compiled modules', async () => {
    expect((await run('gen')).code).toBe(0); // fills the cache, as a project's first run does
    for (const command of [['validate'], ['gen', '--check']]) {
      const { code, loaded } = await run(...command);
      expect(code).toBe(0);
      const own = loaded.filter((url) => url.startsWith(PACKAGE)).map((url) => url.slice(PACKAGE.length));
      // The bin's own entry, then only the bundle: no module of dist/cli, dist/emitters...
      expect(own.filter((path) => !path.startsWith('dist/bundle/'))).toEqual(['dist/cli/bin.js']);
      expect(own.length).toBeLessThanOrEqual(10);
      // The schema package's code is in the bundle too, and the TypeScript toolchain is not loaded.
      expect(loaded.filter((url) => /\/schema\/dist\/.*\.js$/.test(url))).toEqual([]);
      expect(loaded.filter((url) => /\/(ts-morph|typescript|json-schema-to-typescript)\//.test(url))).toEqual(
        [],
      );
    }
  });
});
