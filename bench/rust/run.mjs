#!/usr/bin/env node
/**
 * The Rust runtime's benchmarks (bench/rust/src/main.rs, built in release mode in the shared
 * Cargo target directory): warm `get()` against the awaited floor of a cached `Arc` read, and a
 * cold preload of 100 secrets from locksmith-fake. `bench/run.mjs` calls `rustRuntime`; run
 * alone (`node bench/rust/run.mjs [--quick]`) it also rewrites bench/rust/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine } from '../lib/machine.mjs';
import { buildTestkit } from '../lib/prepare.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds and runs the benchmark binary; returns its JSON figures. */
export function rustRuntime({ quick }) {
  // The shared target directory unless the caller chose one (CI caches it).
  const env = { CARGO_TARGET_DIR: `${ROOT}target`, ...process.env };
  const args = [
    'run',
    '--release',
    '--locked',
    '--quiet',
    '-p',
    'locksmith-bench-rust',
    '--',
    ...(quick ? ['--quick'] : []),
  ];
  const out = execFileSync('cargo', args, {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures = JSON.parse(out.trim().split('\n').pop());
  // As text, so bench/results.json stays as Biome formats JSON.
  figures.preload.requests_per_run = figures.preload.requests_per_run.join(', ');
  return figures;
}

/** Table rows for bench/RESULTS.md: [figure, target, measured, baseline, ratio, verdict]. */
export function rustRows(r) {
  const w = r.warm;
  const p = r.preload;
  return [
    [
      '(rust) warm `handle.get().await`',
      '≤ 2× the awaited `Arc` floor',
      `${w.get_ns.toFixed(1)} ns`,
      `async ArcSwap load + clone ${w.awaited_arc_floor_ns.toFixed(1)} ns (bare Arc clone ${w.arc_clone_ns.toFixed(1)} ns)`,
      `${w.ratio_to_floor.toFixed(2)}×`,
      w.ratio_to_floor <= 2 ? 'met' : '**missed**',
    ],
    [
      `(rust) cold preload of ${p.secrets} secrets`,
      '≤ 5 requests',
      `${p.median_ms.toFixed(1)} ms, ${p.requests} requests`,
      `${p.secrets} secrets / 20 per BatchGetSecretValue`,
      '—',
      p.requests <= 5 ? 'met' : '**missed**',
    ],
  ];
}

function resultsMarkdown(r, m) {
  const table = rustRows(r)
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');
  return `# Rust runtime benchmarks

Measured by \`node bench/rust/run.mjs\` (release build of \`bench/rust\`, against \`locksmith-fake\` on
loopback) on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, commit ${m.commit}, ${m.date}
UTC; 1-minute load before the run ${m.load.split(',')[0]}${r.quick ? ' (quick run)' : ''}.

| figure | target | measured | baseline (same run) | ratio | verdict |
| --- | --- | --- | --- | --- | --- |
${table}

Warm figures are medians of ${r.warm.samples} samples of ${r.warm.batch.toLocaleString('en-US')} calls, the three
kinds interleaved so that load changes hit them alike. The floor is what any asynchronous cache of an
\`Arc\` costs: an \`async fn\` that loads the \`Arc\` from an \`ArcSwap\` and clones it, awaited. The
preload figure is the median of ${r.preload.runs} fresh clients; the request count is the largest any
run sent (the fake's request log): ${r.preload.requests_per_run}.
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildTestkit();
  const m = machine();
  const r = rustRuntime({ quick: process.argv.includes('--quick') });
  writeFileSync(new URL('./RESULTS.md', import.meta.url), resultsMarkdown(r, m));
  // Arrays of numbers on one line, as Biome formats JSON.
  const json = JSON.stringify({ machine: m, ...r }, null, 2).replace(
    /\[\s+([-\d.,\s]+?)\s+\]/g,
    (_, inner) => `[${inner.split(/,\s*/).join(', ')}]`,
  );
  writeFileSync(new URL('./results.json', import.meta.url), `${json}\n`);
  process.stdout.write(resultsMarkdown(r, m));
}
