/**
 * Codegen scale: `locksmith gen` wall time on synthetic catalogs of several sizes (the curve for
 * the chart), plus the codegen team's own runner (bench/codegen/run.mjs, one run, 1,000 and
 * 10,000 secrets) whose figures the results table uses.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticCatalog } from '../codegen/synthetic-catalog.mjs';

const bin = fileURLToPath(new URL('../../packages/codegen/dist/cli/bin.js', import.meta.url));
const codegenBench = fileURLToPath(new URL('../codegen/', import.meta.url));
const packages = fileURLToPath(new URL('../../packages', import.meta.url));

function wall(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0)
    throw new Error(`locksmith ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return (performance.now() - start) / 1000;
}

/** `gen` and `gen --check` seconds for each catalog size (20 services × 3 environments). */
export function codegenCurve(sizes) {
  const points = [];
  for (const secrets of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'locksmith-curve-'));
    try {
      writeFileSync(join(dir, 'secrets.catalog.yaml'), syntheticCatalog({ secrets, services: 20 }));
      const gen = wall(['gen'], dir);
      const check = wall(['gen', '--check'], dir);
      points.push({ secrets, gen, check });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return points;
}

/** A bare `node -e 0`: the process start-up every CLI run pays (the baseline for `gen`). */
export function nodeStartup(runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push((performance.now() - start) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/**
 * Runs bench/codegen/run.mjs and parses its summary lines (`<label>: gen Xs, check Ys`). It runs
 * from a mirror in a temp directory (its scripts copied, `packages/` linked) because it rewrites
 * its own RESULTS.md, which belongs to the codegen benchmark and is recorded by its owners.
 */
export function codegenRunner(runs) {
  const root = mkdtempSync(join(tmpdir(), 'locksmith-codegen-bench-'));
  const link = join(root, 'packages');
  let result;
  try {
    mkdirSync(join(root, 'bench/codegen'), { recursive: true });
    for (const file of ['run.mjs', 'phases.mjs', 'synthetic-catalog.mjs'])
      copyFileSync(join(codegenBench, file), join(root, 'bench/codegen', file));
    symlinkSync(packages, link);
    result = spawnSync(process.execPath, [join(root, 'bench/codegen/run.mjs'), String(runs)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
  } finally {
    // Unlink first: the temp tree must never be removed through the link into the repository.
    rmSync(link, { force: true });
    rmSync(root, { recursive: true, force: true });
  }
  if (result.status !== 0) throw new Error(`bench/codegen/run.mjs exited ${result.status}: ${result.stderr}`);
  const rows = [];
  for (const line of result.stdout.split('\n')) {
    const m = /^([\d,]+) secrets[^:]*: gen ([\d.]+)s, check ([\d.]+)s$/.exec(line.trim());
    if (m) rows.push({ secrets: Number(m[1].replace(/,/g, '')), gen: Number(m[2]), check: Number(m[3]) });
  }
  if (rows.length === 0) throw new Error('bench/codegen/run.mjs printed no summary line');
  return rows;
}
