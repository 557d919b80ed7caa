#!/usr/bin/env node
/**
 * Python SDK benchmarks (bench/python/bench.py): locksmith_sdk against aws-secretsmanager-caching
 * 1.2.0 on locksmith-fake, in one run. `node bench/python/run.mjs [--quick]` runs it alone and
 * records bench/python/RESULTS.md and results.json; bench/run.mjs calls `pythonBench` and puts
 * the rows into bench/RESULTS.md too. The pinned venv comes from packages/sdk-python/scripts/venv.sh.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine } from '../lib/machine.mjs';
import { buildTestkit } from '../lib/prepare.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs bench.py in the SDK's pinned venv and returns its JSON results. */
export function pythonBench({ quick }) {
  const venv = execFileSync('bash', [`${root}packages/sdk-python/scripts/venv.sh`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const out = execFileSync(
    `${venv}/bin/python`,
    [`${root}bench/python/bench.py`, ...(quick ? ['--quick'] : [])],
    {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 2 ** 20,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1));
}

const ns = (v) => `${v.toFixed(v < 10 ? 2 : 0)} ns`;
const us = (v) => `${(v / 1000).toFixed(1)} µs`;
const x = (v) => `${v.toFixed(v < 10 ? 2 : 0)}×`;
const verdict = (ok) => (ok ? 'met' : '**missed**');

/** Table rows [figure, target, measured, baseline, ratio, verdict] for bench/report.mjs. */
export function pythonRows(p) {
  const w = p.warm;
  const anchor = w['anchor get_secret_string (warm)'];
  const get = w['handle.get()'];
  const c = p.cold;
  const r = p.refresh;
  return [
    [
      'Python warm `handle.get()`',
      '≤ 1 µs',
      ns(get),
      `dict.get ${ns(w['dict.get'])}`,
      x(get / w['dict.get']),
      verdict(get <= 1000),
    ],
    [
      'Python warm `handle.get()` vs anchor',
      '≥ 50× faster',
      ns(get),
      `aws-secretsmanager-caching warm ${us(anchor)}`,
      x(anchor / get),
      verdict(anchor / get >= 50),
    ],
    [
      'Python warm `client.get(name)`',
      '—',
      ns(w['client.get(name)']),
      `dict.get ${ns(w['dict.get'])}`,
      x(w['client.get(name)'] / w['dict.get']),
      '—',
    ],
    [
      'Python cold load of 100 secrets: requests',
      '≤ 5',
      String(c['ours requests']),
      `anchor ${c['anchor requests']} requests`,
      x(c['anchor requests'] / c['ours requests']),
      verdict(c['ours requests'] <= 5),
    ],
    [
      'Python cold load of 100 secrets: wall time',
      '—',
      `${c['ours ms'].toFixed(0)} ms`,
      `anchor ${c['anchor ms'].toFixed(0)} ms`,
      x(c['ours ms'] / c['anchor ms']),
      '—',
    ],
    [
      'Python get() p99 while refreshing',
      '≤ 1.5× warm p99',
      ns(r['refresh p99 ns']),
      `warm p99 ${ns(r['warm p99 ns'])}`,
      x(r['refresh p99 ns'] / r['warm p99 ns']),
      verdict(r['refresh p99 ns'] <= 1.5 * r['warm p99 ns']),
    ],
  ];
}

function render(p, m) {
  const table = [
    '| Figure | Target | Measured | Baseline (same run) | Ratio | Verdict |',
    '| --- | --- | ---: | --- | ---: | --- |',
    ...pythonRows(p).map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
  return `# Python SDK benchmark results

Recorded by \`node bench/python/run.mjs\`${p.quick ? ' (quick mode)' : ''} on ${m.date} UTC, commit ${m.commit}.
Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Python ${p.python}, boto3 ${p.boto3}, ${m.platform}; load average ${m.load} before the run and ${m.loadAtEnd} at its end (1, 5, 15 min; other engineers' work shares this machine).

Both sides use boto3 against locksmith-fake on loopback; the anchor is ${p.anchor}
(\`SecretCache.get_secret_string\`). Warm figures are medians of ${p.quick ? 3 : 7} \`timeit\` rounds
(1,000,000 calls a round; 3,000 for the anchor). Cold figures are medians of ${p.quick ? 3 : 5}
loads, requests counted by the fake's request log; our wall time includes building the boto3
client, the anchor's does not. The refresh p99 compares samples of 64 \`get()\` calls over
${p.refresh.seconds} s (${p.refresh.samples.toLocaleString('en-US')} samples) with 100 secrets on a 1 s TTL
(${p.refresh['store requests during run']} store requests during the run) against the same loop with no refresh due.

${table}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildTestkit();
  const quick = process.argv.includes('--quick');
  const before = machine();
  const results = pythonBench({ quick });
  const m = { ...before, loadAtEnd: machine().load };
  writeFileSync(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify({ machine: m, ...results }, null, 2)}\n`,
  );
  writeFileSync(new URL('./RESULTS.md', import.meta.url), render(results, m));
  process.stdout.write(
    `${pythonRows(results)
      .map((row) => row.join(' | '))
      .join('\n')}\n`,
  );
}
