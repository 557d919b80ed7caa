#!/usr/bin/env node
/**
 * Go runtime benchmarks (bench/go/main.go) on locksmith-fake, started out of process the way
 * the Go tests start it. `goBenchmarks()` is one step of bench/run.mjs; run alone
 * (`node bench/go/run.mjs [--quick]`) it records its figures into bench/results.json and
 * re-renders bench/RESULTS.md, keeping every other recorded figure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { machine } from '../lib/machine.mjs';
import { buildTestkit } from '../lib/prepare.mjs';
import { renderResults } from '../report.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const fakeBin = fileURLToPath(new URL('../../packages/testkit/bin/locksmith-fake.js', import.meta.url));

/** Starts locksmith-fake and resolves with its --json line and a stop function. */
async function startFake() {
  const child = spawn(
    process.execPath,
    [fakeBin, '--aws-port', '0', '--vault-port', '0', '--admin-port', '0', '--json'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`locksmith-fake exited (${code}) before printing --json`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.stdin.end();
    });
  return { json: first, stop };
}

/** Runs the Go benchmarks; resolves with their JSON (see bench/go/main.go). */
export async function goBenchmarks({ quick }) {
  const fake = await startFake();
  try {
    const run = spawnSync('go', ['run', '.'], {
      cwd: here,
      encoding: 'utf8',
      env: {
        ...process.env,
        LOCKSMITH_FAKE_JSON: fake.json,
        BENCH_QUICK: quick ? '1' : '0',
        GOFLAGS: '-mod=readonly',
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`go benchmarks failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').pop());
  } finally {
    await fake.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildTestkit();
  const quick = process.argv.includes('--quick');
  const file = fileURLToPath(new URL('../results.json', import.meta.url));
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const before = machine();
  results.go = { ...(await goBenchmarks({ quick })), machine: { ...before, loadAtEnd: machine().load } };
  const out = renderResults(results);
  for (const [path, text] of Object.entries(out.files))
    writeFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), text);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results.go, null, 2)}\n`);
}
