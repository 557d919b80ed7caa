#!/usr/bin/env node
/**
 * The edit–generate loop (issue #19): how long `locksmith validate`, `gen` and `gen --check` take
 * on the example catalog, `pnpm gen` from the repository root on a turbo cache hit, a watch-mode
 * regeneration after a save, and `gen` / `gen --check` on synthetic catalogs of 1,000 and 10,000
 * secrets — each beside `node -e 0` measured in the same run, with the load average before and
 * after each figure (the machine is shared).
 *
 * Every command is a fresh process, run in a temporary package (so the cache under
 * node_modules/.cache/locksmith is used, as in a project), after one priming run that fills the
 * cache: the figures are the loop's steady state. `cold` figures empty the cache before each run.
 * Runs are interleaved (baseline, then each command, repeated), and each figure is a median.
 *
 * Usage: node bench/codegen/loop.mjs [--quick] (after building codegen). Writes `loop` into
 * bench/results.json and re-renders bench/RESULTS.md and the charts from it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from '../lib/machine.mjs';
import { median } from '../lib/stats.mjs';
import { syntheticCatalog } from './synthetic-catalog.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'packages/codegen/dist/cli/bin.js');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

/** One fresh process: wall seconds and peak RSS (MiB) from /usr/bin/time. */
function timed(command, args, cwd, env = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [seconds, kib] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, mib: kib / 1024 };
}

/** A temporary package with `catalog` in it. */
function project(catalogText) {
  const dir = mkdtempSync(join(tmpdir(), 'locksmith-loop-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"loop-bench","private":true}\n');
  writeFileSync(join(dir, 'secrets.catalog.yaml'), catalogText);
  return dir;
}

/** Runs every case `runs` times, interleaved with the baseline; medians and the load around them. */
function interleaved(runs, cases) {
  const samples = Object.fromEntries(['node -e 0', ...Object.keys(cases)].map((k) => [k, []]));
  const before = load();
  for (let i = 0; i < runs; i++) {
    samples['node -e 0'].push(timed(process.execPath, ['-e', '0'], tmpdir()));
    for (const [name, run] of Object.entries(cases)) samples[name].push(run());
  }
  const after = load();
  return Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      {
        seconds: median(list.map((s) => s.seconds)),
        mib: Math.max(...list.map((s) => s.mib)),
        runs: list.map((s) => s.seconds.toFixed(2)).join(', '),
        load: { before, after },
      },
    ]),
  );
}

/** Saves the catalog `edits` times in a running `gen --watch` and times each save until its line appears. */
async function watchRegeneration(dir, edits) {
  const child = spawn(process.execPath, [bin, 'gen', '--watch'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  const waiters = [];
  const feed = (chunk) => {
    output += chunk;
    for (const w of [...waiters]) {
      const m = w.pattern.exec(output.slice(w.from));
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on('data', feed);
  child.stderr.on('data', feed);
  // A save that never produces its line fails the run with what the watch printed, rather than
  // hanging it.
  const until = (pattern) =>
    new Promise((resolve, reject) => {
      const waiter = { pattern, from: output.length, resolve };
      waiters.push(waiter);
      setTimeout(() => {
        if (!waiters.includes(waiter)) return;
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`gen --watch printed no ${pattern} within 30 s; it printed:\n${output}`));
      }, 30_000).unref();
    });
  const before = load();
  try {
    await until(/watching/);
    const file = join(dir, 'secrets.catalog.yaml');
    const original = readFileSync(file, 'utf8');
    const wall = [];
    const inProcess = [];
    for (let i = 0; i < edits; i++) {
      const line = until(/written, \d+ removed, \d+ unchanged in \S+ \((\d+) ms\)/);
      const start = performance.now();
      // A real edit: the cache TTL of a secret changes, so every file's header hash changes too.
      writeFileSync(file, original.replace('cacheTtl: 15m', `cacheTtl: ${16 + i}m`));
      const m = await line;
      wall.push(performance.now() - start);
      inProcess.push(Number(m[1]));
    }
    writeFileSync(file, original);
    return {
      saveToWrittenMs: median(wall),
      regenerateMs: median(inProcess),
      edits,
      load: { before, after: load() },
    };
  } finally {
    child.kill('SIGINT');
  }
}

export async function editGenerateLoop({ quick = false } = {}) {
  const runs = quick ? 3 : 7;
  const example = readFileSync(join(root, 'apps/example-service/secrets.catalog.yaml'), 'utf8');
  const results = {};

  const dir = project(example);
  try {
    spawnSync(process.execPath, [bin, 'gen'], { cwd: dir }); // primes the cache
    const fresh = join(dir, 'fresh-out');
    results.example = interleaved(runs, {
      validate: () => timed(process.execPath, [bin, 'validate'], dir),
      'gen --check': () => timed(process.execPath, [bin, 'gen', '--check'], dir),
      gen: () => {
        rmSync(fresh, { recursive: true, force: true });
        return timed(process.execPath, [bin, 'gen', '--out', fresh], dir);
      },
      'gen --check (cold cache)': () => {
        const cache = mkdtempSync(join(tmpdir(), 'locksmith-cold-'));
        try {
          return timed(process.execPath, [bin, 'gen', '--check'], dir, { CACHE_DIR: cache });
        } finally {
          rmSync(cache, { recursive: true, force: true });
        }
      },
    });
    results.watch = await watchRegeneration(dir, quick ? 5 : 11);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // `pnpm gen` from the repository root: turbo's cache hit for the codegen build, then the generator.
  spawnSync('pnpm', ['gen'], { cwd: root, encoding: 'utf8' });
  results.pnpmGen = interleaved(runs, { 'pnpm gen': () => timed('pnpm', ['gen'], root) });

  results.scale = {};
  for (const secrets of [1000, 10000]) {
    const big = project(syntheticCatalog({ secrets, services: 20 }));
    const out = join(big, 'generated');
    try {
      spawnSync(process.execPath, [bin, 'gen'], { cwd: big, maxBuffer: 1 << 28 }); // primes the cache
      results.scale[secrets] = interleaved(secrets === 10000 ? (quick ? 1 : 3) : runs, {
        gen: () => {
          rmSync(out, { recursive: true, force: true });
          return timed(process.execPath, [bin, 'gen'], big);
        },
        'gen --check': () => timed(process.execPath, [bin, 'gen', '--check'], big),
      });
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  }
  return { ...results, machine: { ...machine(), loadAtEnd: load() }, quick };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const loop = await editGenerateLoop({ quick });
  const resultsFile = new URL('../results.json', import.meta.url);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  results.loop = loop;
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const { renderResults } = await import('../report.mjs');
  const out = renderResults(results);
  mkdirSync(new URL('../charts/', import.meta.url), { recursive: true });
  for (const [file, text] of Object.entries(out.files))
    writeFileSync(new URL(`../${file}`, import.meta.url), text);
  process.stdout.write(
    `${out.loopTable ?? ''}\nbench: wrote loop figures to bench/results.json and bench/RESULTS.md\n`,
  );
}
