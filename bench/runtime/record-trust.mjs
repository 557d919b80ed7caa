#!/usr/bin/env node
/**
 * Re-measures only the runtime-trust figures — (f) redaction and (g) batched refresh — and
 * re-renders bench/RESULTS.md from the recorded bench/results.json, keeping every other figure as
 * `pnpm bench` last recorded it. For when a full run (several minutes, codegen and Go included)
 * is not wanted; the rows then say when and under what load they were measured.
 * Options: --quick. Expects built packages.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from '../lib/deps.mjs';
import { machine } from '../lib/machine.mjs';
import { renderResults } from '../report.mjs';
import { refreshBatching } from './refresh-batching.mjs';

const quick = process.argv.includes('--quick');
const file = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const results = JSON.parse(readFileSync(file('results.json'), 'utf8'));
const before = machine();

const testkit = await load('@locksmith/testkit');
const fake = await testkit.startFakeSecretsManager();
try {
  results.batching = await refreshBatching({ fake, quick });
} finally {
  await fake.close();
}
const redaction = spawnSync(
  process.execPath,
  ['--expose-gc', fileURLToPath(new URL('./redaction.mjs', import.meta.url)), ...(quick ? ['--quick'] : [])],
  { encoding: 'utf8' },
);
if (redaction.status !== 0) throw new Error(`redaction benchmark failed: ${redaction.stderr}`);
results.redaction = JSON.parse(redaction.stdout);
results.trustMachine = { ...before, loadAtEnd: machine().load };

const out = renderResults(results);
for (const [path, text] of Object.entries(out.files)) writeFileSync(file(path.replace(/^\.\//, '')), text);
writeFileSync(file('results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(out.table);
