import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';

/**
 * `pnpm gen` (scripts/gen.mjs) skips turbo when codegen's build inputs and outputs are as it last
 * saw them built. The script finds the repository from its own location, so it runs here from a
 * copy inside a throwaway repository whose turbo and locksmith bin only record that they ran:
 * the decision is the thing under test, not the build.
 */
const SCRIPT = fileURLToPath(new URL('../../../scripts/gen.mjs', import.meta.url));

let root: string;
let cleanup: () => Promise<void>;

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
}

beforeEach(async () => {
  ({ dir: root, cleanup } = await tempDir());
  await put('scripts/gen.mjs', '');
  await copyFile(SCRIPT, join(root, 'scripts/gen.mjs'));
  for (const file of ['package.json', 'pnpm-lock.yaml', 'turbo.json', 'tsconfig.base.json'])
    await put(file, '{}\n');
  await put('packages/schema/src/index.ts', 'export const a = 1;\n');
  await put('packages/schema/src/index.test.ts', 'test\n');
  await put('packages/schema/package.json', '{}\n');
  await put('packages/schema/dist/generated/catalog-validator.cjs', 'validator\n');
  await put('packages/codegen/src/main.ts', 'export const b = 2;\n');
  await put('packages/codegen/scripts/bundle-cli.mjs', '// bundler\n');
  await put('packages/codegen/package.json', '{}\n');
  await put('packages/codegen/dist/bundle/locksmith.js', 'bundle\n');
  await put('apps/example-service/.keep', '');
  // The stand-ins log each run; the bin also logs where it ran and with which arguments.
  await put(
    'node_modules/turbo/bin/turbo',
    "require('node:fs').appendFileSync(require('node:path').join(__dirname, '../../../log'), 'turbo ' + process.argv.slice(2).join(' ') + '\\n');\n",
  );
  await put('node_modules/turbo/package.json', '{"name":"turbo","version":"0.0.0"}\n');
  await put(
    'packages/codegen/bin/locksmith.js',
    "import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('../../../log', import.meta.url), 'locksmith ' + process.argv.slice(2).join(' ') + ' in ' + process.cwd().split('/').slice(-2).join('/') + '\\n');\n",
  );
});
afterEach(() => cleanup());

/** Runs `pnpm gen`'s script with `args`; returns what ran, in order. */
async function gen(...args: string[]): Promise<string[]> {
  await rm(join(root, 'log'), { force: true });
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'scripts/gen.mjs'), ...args],
      { cwd: root },
      (error, _out, stderr) => (error ? reject(new Error(`gen.mjs failed: ${stderr}`)) : resolve()),
    );
  });
  return (await readFile(join(root, 'log'), 'utf8')).trim().split('\n');
}

const BUILD = 'turbo run build --filter=@locksmith/codegen --output-logs=errors-only';
const GENERATE = 'locksmith gen in apps/example-service';

/** Moves a file's mtime without changing its bytes, as a checkout or `touch` does. */
async function touch(path: string): Promise<void> {
  const later = new Date(Date.now() + 60_000);
  await utimes(join(root, path), later, later);
}

describe('pnpm gen builds codegen only when its build would change', () => {
  it('builds on the first run, then generates straight away while nothing changes', async () => {
    expect(await gen()).toEqual([BUILD, GENERATE]);
    expect(await gen()).toEqual([GENERATE]);
    expect(await gen('--check')).toEqual([`${GENERATE.replace('gen in', 'gen --check in')}`]);
  });

  it('does not build for a file touched but not changed, and does build once its contents change', async () => {
    await gen();
    await touch('packages/codegen/src/main.ts');
    expect(await gen()).toEqual([GENERATE]);
    await put('packages/codegen/src/main.ts', 'export const b = 3;\n');
    expect(await gen()).toEqual([BUILD, GENERATE]);
    expect(await gen()).toEqual([GENERATE]);
  });

  it.each([
    ['a schema source edited', () => put('packages/schema/src/index.ts', 'export const a = 2;\n')],
    ['a source file added', () => put('packages/codegen/src/new.ts', 'export {};\n')],
    ['a build script edited', () => put('packages/codegen/scripts/bundle-cli.mjs', '// bundler v2\n')],
    ['the lockfile changed', () => put('pnpm-lock.yaml', 'lockfileVersion: 9\n')],
    [
      'the bundle rebuilt by another command',
      () => put('packages/codegen/dist/bundle/locksmith.js', 'other\n'),
    ],
    ['the bundle removed', () => rm(join(root, 'packages/codegen/dist/bundle'), { recursive: true })],
    [
      'the schema validator removed',
      () => rm(join(root, 'packages/schema/dist/generated/catalog-validator.cjs')),
    ],
  ])('builds again after %s', async (_what, change) => {
    await gen();
    await change();
    expect(await gen()).toEqual([BUILD, GENERATE]);
  });

  it('ignores test files, which the build does not read', async () => {
    await gen();
    await put('packages/schema/src/index.test.ts', 'another test\n');
    expect(await gen()).toEqual([GENERATE]);
  });
});
