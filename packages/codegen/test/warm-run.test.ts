import { execFile } from 'node:child_process';
import { copyFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  catalogNeedsWorkers,
  startRenderer,
  WORKER_MIN_CORES,
  WORKER_THRESHOLD_BYTES,
} from '../src/cli/parallel-render.js';
import { EMITTERS } from '../src/emitters/index.js';
import { EXAMPLE_CATALOG } from './helpers/catalogs.js';
import { tempDir } from './helpers/cli.js';

const SCRIPT = fileURLToPath(new URL('./helpers/heavy-modules.mjs', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(join(dir, 'package.json'), '{"name":"warm-run","private":true}\n');
  await copyFile(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

/** Runs the built CLI in a child process (fresh module cache) and reads which heavy libraries it loaded. */
function run(...args: string[]): Promise<{ code: number; heavy: Record<string, boolean> }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { cwd: dir, env: { ...process.env, CACHE_DIR: '' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
      },
    );
  });
}

describe('a warm run (the edit–generate loop)', () => {
  it('loads neither the ajv compiler, ts-morph, json-schema-to-typescript nor yaml, and writes the same bytes', async () => {
    const cold = await run('gen');
    expect(cold).toEqual({
      code: 0,
      heavy: { 'ajv compiler': true, 'ts-morph': true, 'json-schema-to-typescript': true, yaml: false },
    });
    expect(await readdir(join(dir, 'node_modules/.cache/locksmith'))).toHaveLength(2);
    // Same bytes: the check against what the cold run wrote passes, and nothing heavy was loaded for it.
    const warm = await run('gen', '--check');
    expect(warm).toEqual({
      code: 0,
      heavy: { 'ajv compiler': false, 'ts-morph': false, 'json-schema-to-typescript': false, yaml: false },
    });
    expect((await run('validate')).heavy['ajv compiler']).toBe(false);
  });
});

describe('worker threads', () => {
  it('start only for a catalog large enough to pay for them, with a core for each', async () => {
    const cores = WORKER_MIN_CORES;
    expect(await catalogNeedsWorkers(EXAMPLE_CATALOG, cores)).toBe(false);
    const large = join(dir, 'large.yaml');
    await writeFile(large, 'x'.repeat(WORKER_THRESHOLD_BYTES));
    expect(await catalogNeedsWorkers(large, cores)).toBe(true);
    expect(await catalogNeedsWorkers(large, cores - 1)).toBe(false);
    expect(await catalogNeedsWorkers(join(dir, 'missing.yaml'), cores)).toBe(false);
  });

  it('are not started when not wanted', async () => {
    const inThread = startRenderer(EMITTERS, { workers: false });
    expect(inThread.threads).toBe(0);
    await inThread.dispose();
  });
});
