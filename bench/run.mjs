#!/usr/bin/env node
/**
 * `pnpm bench`: every benchmark in one run — runtime warm access, preload, thundering herd,
 * refresh p99, memory, redaction and batched refresh (against floors, same-run baselines and the
 * Powertools anchor on the testkit's fake AWS),
 * fake-server throughput, and codegen scale (the curve here plus bench/codegen/run.mjs) — then
 * rewrites bench/RESULTS.md and the SVG charts in bench/charts/.
 *
 * Options: --quick (shorter runs, for trying it out), --no-codegen (skip the codegen part).
 * Expects built packages (`pnpm bench` builds first).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { editGenerateLoop } from './codegen/loop.mjs';
import { fakeThroughput } from './fake-servers/throughput.mjs';
import { goBenchmarks } from './go/run.mjs';
import { load } from './lib/deps.mjs';
import { machine } from './lib/machine.mjs';
import { pythonBench } from './python/run.mjs';
import { renderResults } from './report.mjs';
import { preloadAndHerd } from './runtime/preload.mjs';
import { refreshBatching } from './runtime/refresh-batching.mjs';
import { refreshP99 } from './runtime/refresh-p99.mjs';
import { warmAccess } from './runtime/warm.mjs';
import { rustRuntime } from './rust/run.mjs';
import { codegenCurve, codegenRunner, nodeStartup } from './scale/codegen-curve.mjs';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const runs = quick ? 3 : 7;
const step = (label) => process.stdout.write(`bench: ${label}…\n`);

const testkit = await load('@locksmith/testkit');
const fake = await testkit.startFakeSecretsManager();
const results = { machine: machine(), quick };
try {
  step('warm access (a)');
  results.warm = await warmAccess({ fake, quick });
  step('preload and thundering herd (b, c)');
  results.preload = await preloadAndHerd({ fake, runs });
  step('get() p99 while refreshing (d)');
  results.refresh = await refreshP99({ fake, quick });
  step('batched refresh of 100 warm secrets (g)');
  results.batching = await refreshBatching({ fake, quick });
} finally {
  await fake.close();
}
step('heap of 10,000 cached 1 KiB secrets (e)');
const memory = spawnSync(
  process.execPath,
  ['--expose-gc', fileURLToPath(new URL('./runtime/memory.mjs', import.meta.url))],
  {
    encoding: 'utf8',
  },
);
if (memory.status !== 0) throw new Error(`memory benchmark failed: ${memory.stderr}`);
results.memory = JSON.parse(memory.stdout);
step('redaction with 1,000 × 1 KiB + 64 KiB loaded (f)');
const redaction = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    fileURLToPath(new URL('./runtime/redaction.mjs', import.meta.url)),
    ...(quick ? ['--quick'] : []),
  ],
  { encoding: 'utf8' },
);
if (redaction.status !== 0) throw new Error(`redaction benchmark failed: ${redaction.stderr}`);
results.redaction = JSON.parse(redaction.stdout);
step('Go runtime (bench/go)');
const goBefore = machine();
results.go = { ...(await goBenchmarks({ quick })), machine: { ...goBefore, loadAtEnd: machine().load } };
step('Rust runtime: warm get and cold preload (cargo, release)');
results.rust = rustRuntime({ quick });
step('Python SDK against aws-secretsmanager-caching');
results.python = pythonBench({ quick });
step('fake server throughput');
results.throughput = await fakeThroughput({ quick });
if (!args.has('--no-codegen')) {
  step('codegen curve (100 … 5,000 secrets)');
  results.curve = codegenCurve(quick ? [100, 2500] : [100, 500, 2500, 5000]);
  results.nodeStartup = nodeStartup(runs);
  step('bench/codegen/run.mjs (1,000 and 10,000 secrets, one run)');
  results.codegen = codegenRunner(1);
  step('the edit–generate loop (bench/codegen/loop.mjs)');
  results.loop = await editGenerateLoop({ quick });
}

// Load before the run says whether other work shared the CPUs; at the end it includes our own.
results.machine = { ...results.machine, loadAtEnd: machine().load };
const out = renderResults(results);
mkdirSync(fileURLToPath(new URL('./charts/', import.meta.url)), { recursive: true });
for (const [file, text] of Object.entries(out.files))
  writeFileSync(fileURLToPath(new URL(file, import.meta.url)), text);
writeFileSync(
  fileURLToPath(new URL('./results.json', import.meta.url)),
  `${JSON.stringify(results, null, 2)}\n`,
);
process.stdout.write(out.table);
process.stdout.write('\nbench: wrote bench/RESULTS.md, bench/results.json and bench/charts/*.svg\n');
