/**
 * Turns the raw results of `bench/run.mjs` into bench/RESULTS.md (one table: figure, target,
 * measured, baseline from the same run, ratio, verdict) and the two SVG charts.
 */

import { loopSection } from './codegen/loop-report.mjs';
import { goRows } from './go/rows.mjs';
import { barChart, lineChart } from './lib/svg.mjs';
import { pythonRows } from './python/run.mjs';
import { rustRows } from './rust/run.mjs';

const ns = (v) => `${v.toFixed(v < 10 ? 2 : 1)} ns`;
const ms = (v) => `${v < 1 ? v.toFixed(3) : v.toFixed(1)} ms`;
const s = (v) => `${v.toFixed(2)} s`;
const mib = (v) => `${(v / 2 ** 20).toFixed(1)} MiB`;
const us = (v) => `${(v / 1000).toFixed(1)} µs`;
const int = (v) => Math.round(v).toLocaleString('en-US');
const x = (v) => `${v < 0.1 ? Number(v.toPrecision(2)) : v.toFixed(v < 10 ? 2 : 1)}×`;
const verdict = (ok) => (ok === undefined ? '—' : ok ? 'met' : '**missed**');

/** Table rows: [figure, target, measured, baseline, ratio, verdict]. */
function rows(r) {
  const out = [];
  const w = r.warm;
  const floor = w['await resolved promise'];
  const anchor = w['Powertools getSecret (warm)'];
  out.push([
    '(a) warm `current()`',
    '≥ 20× faster than Powertools',
    ns(w['current()']),
    `Powertools warm ${ns(anchor)}`,
    x(anchor / w['current()']),
    verdict(anchor / w['current()'] >= 20),
  ]);
  out.push([
    '(a) `current()` vs its floor',
    '—',
    ns(w['current()']),
    `bare property read ${ns(w['bare property read'])}`,
    x(w['current()'] / w['bare property read']),
    '—',
  ]);
  out.push([
    '(a) warm `handle.get()`',
    '≤ 1.5× the awaited-promise floor',
    ns(w['handle.get()']),
    `awaited resolved promise ${ns(floor)}`,
    x(w['handle.get()'] / floor),
    verdict(w['handle.get()'] / floor <= 1.5),
  ]);
  out.push([
    '(a) warm `client.get(name)`',
    '— (one map lookup more)',
    ns(w['client.get(name)']),
    `awaited resolved promise ${ns(floor)}`,
    x(w['client.get(name)'] / floor),
    '—',
  ]);
  out.push([
    '(a) anchor: Powertools warm `getSecret`',
    '—',
    ns(anchor),
    `awaited resolved promise ${ns(floor)}`,
    x(anchor / floor),
    '—',
  ]);
  const p = r.preload;
  out.push([
    '(b) preload 100 secrets, 20 ms latency: requests',
    '≤ 5 (⌈100/20⌉)',
    int(p.preloadRequests),
    `Powertools + Promise.all: ${int(p.powertoolsRequests)}`,
    x(p.preloadRequests / p.powertoolsRequests),
    verdict(p.preloadRequests <= 5),
  ]);
  out.push([
    '(b) preload 100 secrets: wall time',
    '≤ 2× one request',
    ms(p.preloadMs),
    `one request ${ms(p.oneRequestMs)}`,
    x(p.preloadMs / p.oneRequestMs),
    verdict(p.preloadMs <= 2 * p.oneRequestMs),
  ]);
  out.push([
    '(b) preload wall vs the anchor',
    '—',
    ms(p.preloadMs),
    `Powertools + Promise.all ${ms(p.powertoolsMs)}`,
    x(p.preloadMs / p.powertoolsMs),
    '—',
  ]);
  out.push([
    '(c) 1,000 concurrent cold `get()`: requests',
    'exactly 1',
    int(p.herdRequests),
    `Powertools: ${int(p.herdAnchorRequests)}`,
    x(p.herdRequests / p.herdAnchorRequests),
    verdict(p.herdRequests === 1),
  ]);
  const f = r.refresh;
  out.push([
    '(d) `get()` p99 while refreshes run',
    '≤ 1.5× warm p99',
    ns(f.refreshing.p99),
    `warm p99 ${ns(f.warm.p99)}`,
    x(f.refreshing.p99 / f.warm.p99),
    verdict(f.refreshing.p99 / f.warm.p99 <= 1.5),
  ]);
  const m = r.memory;
  out.push([
    '(e) heap of 10,000 cached 1 KiB secrets',
    '≤ 2× payload',
    mib(m.cachedBytes),
    `payload ${mib(m.payloadBytes)}`,
    x(m.cachedBytes / m.payloadBytes),
    verdict(m.cachedBytes <= 2 * m.payloadBytes),
  ]);
  out.push([
    '(e) cold client for 10,000 secrets (holders, validators)',
    '—',
    mib(m.coldClientBytes),
    `payload ${mib(m.payloadBytes)}`,
    x(m.coldClientBytes / m.payloadBytes),
    '—',
  ]);
  const red = r.redaction;
  if (red) {
    out.push([
      '(f) `mask()` of a 2 KB line, 1,000 × 1 KiB + one 64 KiB value loaded: p99',
      '≤ 20 µs',
      us(red.clean.p99),
      `same line, 10 values loaded: ${us(red.cleanFew.p99)}`,
      x(red.clean.p99 / red.cleanFew.p99),
      verdict(red.clean.p99 <= 20_000),
    ]);
    out.push([
      '(f) `mask()` p99, the 2 KB line holding one value (base64)',
      '—',
      us(red.withValue.p99),
      `line without a value ${us(red.clean.p99)}`,
      x(red.withValue.p99 / red.clean.p99),
      '—',
    ]);
    out.push([
      '(f) index rebuild after one rotation (median of 200)',
      '≤ 5 ms',
      ms(red.rebuildMs.median),
      `first build, all ${int(red.values)} values: ${ms(red.firstBuildMs)}`,
      x(red.rebuildMs.median / red.firstBuildMs),
      verdict(red.rebuildMs.median <= 5),
    ]);
    out.push([
      '(f) matcher memory',
      '≤ 4× payload',
      mib(red.matcherBytes),
      `payload ${mib(red.payloadBytes)}`,
      x(red.matcherBytes / red.payloadBytes),
      verdict(red.matcherBytes <= 4 * red.payloadBytes),
    ]);
  }
  const b = r.batching;
  if (b) {
    out.push([
      '(g) refresh of 100 warm secrets: requests per round',
      '≤ 5',
      int(b.perRound),
      `one secret per call: ${int(b.baselinePerRound)}`,
      x(b.perRound / b.baselinePerRound),
      verdict(b.perRoundMax <= 5),
    ]);
    out.push([
      '(g) refresh of 100 warm secrets: requests per TTL',
      '—',
      b.perTtl.toFixed(1),
      `one secret per call: ${b.baselinePerTtl.toFixed(1)}`,
      x(b.perTtl / b.baselinePerTtl),
      '—',
    ]);
    const first = b.fleetFirstRound;
    out.push([
      '(g) fleet of 6 started together: first round after preload',
      'spread over 0.7–0.9 TTL',
      `${first[0].toFixed(2)}–${first.at(-1).toFixed(2)} TTL`,
      'refresh-ahead band 0.70–0.90 TTL',
      '—',
      verdict(first[0] >= 0.69 && first.at(-1) <= 0.95 && first.at(-1) - first[0] >= 0.05),
    ]);
  }
  if (r.rust) out.push(...rustRows(r.rust));
  if (r.python) out.push(...pythonRows(r.python));
  const t = r.throughput;
  out.push([
    'fake Secrets Manager `GetSecretValue`',
    '—',
    `${int(t.aws)} req/s`,
    `bare node:http ${int(t.bare)} req/s`,
    x(t.aws / t.bare),
    '—',
  ]);
  out.push([
    'fake Vault KV v2 read',
    '—',
    `${int(t.vault)} req/s`,
    `bare node:http ${int(t.bare)} req/s`,
    x(t.vault / t.bare),
    '—',
  ]);
  // The loop's own section (below the table) holds the codegen targets once it has been recorded.
  if (r.codegen && !r.loop) {
    const small = r.codegen.find((c) => c.secrets === 1000);
    const large = r.codegen.find((c) => c.secrets === 10000);
    if (small) {
      out.push([
        'codegen `gen`, 1,000 secrets × 20 services × 3 envs',
        '≤ 3 s',
        s(small.gen),
        `node start-up ${s(r.nodeStartup)}`,
        x(small.gen / r.nodeStartup),
        verdict(small.gen <= 3),
      ]);
      out.push([
        'codegen `gen --check`, 1,000 secrets',
        '≤ 3 s',
        s(small.check),
        `node start-up ${s(r.nodeStartup)}`,
        x(small.check / r.nodeStartup),
        verdict(small.check <= 3),
      ]);
    }
    if (small && large) {
      out.push([
        'codegen `gen`, 10,000 secrets',
        '≤ 10× the 1,000 figure',
        s(large.gen),
        `1,000 secrets ${s(small.gen)}`,
        x(large.gen / small.gen),
        verdict(large.gen / small.gen <= 10),
      ]);
      out.push([
        'codegen `gen --check`, 10,000 secrets',
        '≤ 10× the 1,000 figure',
        s(large.check),
        `1,000 secrets ${s(small.check)}`,
        x(large.check / small.check),
        verdict(large.check / small.check <= 10),
      ]);
    }
  }
  return out;
}

export function renderResults(r) {
  const table = [
    '| Figure | Target | Measured | Baseline (same run) | Ratio | Verdict |',
    '| --- | --- | ---: | --- | ---: | --- |',
    ...[...rows(r), ...(r.go ? goRows(r.go) : [])].map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
  const w = r.warm;
  const files = {
    './charts/get-latency.svg': barChart({
      title: 'Warm read latency (median, ns per call; lower is better)',
      unit: 'ns',
      bars: [
        { label: 'bare property read', value: w['bare property read'], kind: 'floor' },
        { label: 'current()', value: w['current()'], kind: 'ours' },
        { label: 'await resolved promise', value: w['await resolved promise'], kind: 'floor' },
        { label: 'handle.get()', value: w['handle.get()'], kind: 'ours' },
        { label: 'client.get(name)', value: w['client.get(name)'], kind: 'ours' },
        { label: 'Powertools getSecret (warm)', value: w['Powertools getSecret (warm)'], kind: 'anchor' },
      ],
    }),
  };
  const codegenPoints = [...(r.curve ?? []), ...(r.codegen ?? [])];
  if (codegenPoints.length > 0)
    files['./charts/codegen-scale.svg'] = lineChart({
      title: 'Codegen wall time vs catalog size (20 services × 3 envs)',
      xLabel: 'secrets in the catalog',
      yLabel: 'seconds',
      series: [
        { name: 'gen', points: codegenPoints.map((c) => [c.secrets, c.gen]) },
        { name: 'gen --check', points: codegenPoints.map((c) => [c.secrets, c.check]) },
      ],
    });
  const m = r.machine;
  files['./RESULTS.md'] = `# Benchmark results

Recorded by \`pnpm bench\`${r.quick ? ' (quick mode)' : ''} on ${m.date} UTC, commit ${m.commit}.
Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.platform}; load average ${m.load} before the run and ${m.loadAtEnd ?? '?'} at its end, its own processes included (1, 5, 15 min).
${Number(m.load.split(',')[0]) > m.cores ? `\n**The machine was busy during this run** (1-minute load ${m.load.split(',')[0]} on ${m.cores} cores before it started: other work shared the CPUs): wall-clock figures (preload, throughput, codegen) are pessimistic; per-call latencies and request counts are not affected much.\n` : ''}
Each figure sits next to its baseline, measured in the same run on the same machine. Warm
latencies are tinybench medians (batches of 1,000 calls); preload times are medians of
${r.quick ? 3 : 7} runs; p99s come from tens of thousands of samples; throughput is a rate over a
${r.quick ? '1.5' : '4'} s window; codegen figures are one run each (the 10,000-secret case alone
takes over a minute per run). Runtime figures use the real \`@aws-sdk/client-secrets-manager\`
against the testkit's fake Secrets Manager on loopback; the anchor is
\`@aws-lambda-powertools/parameters\` \`SecretsProvider\` on the same fake. How each figure is
measured is described at the top of its script in \`bench/\`.

${table}

Ratios are measured ÷ baseline. For (a) \`current()\` the target is a speed-up, so the ratio shown
is Powertools ÷ \`current()\`.

![get() latency against its floors and the Powertools anchor](charts/get-latency.svg)

${r.loop ? loopSection(r.loop) : ''}
${files['./charts/codegen-scale.svg'] ? '![codegen wall time against catalog size](charts/codegen-scale.svg)\n\nThe 1,000- and 10,000-secret points and the codegen rows of the table come from `bench/codegen/run.mjs` (one run; its own RESULTS.md has the per-phase breakdown); the other points are single `gen` / `gen --check` runs of the same synthetic catalog generator.\n' : ''}
## Details

- (b) one request = a cold \`get()\` of one secret with the same 20 ms injected latency. Preload sends ⌈100 / 20⌉ \`BatchGetSecretValue\` calls in parallel.
- (d) refreshing: TTL 25 ms (refresh-ahead every ~20 ms) and 15 ms store latency, so a background refresh is often in flight: ${int(r.refresh.refreshes)} refreshes during the ${ms(r.refresh.sampledMs)} sampled phase, in flight about ${Math.round((100 * r.refresh.refreshes * r.refresh.storeLatencyMs) / r.refresh.sampledMs)}% of it. p50 warm ${ns(r.refresh.warm.p50)}, refreshing ${ns(r.refresh.refreshing.p50)}.
- (e) heap growth from the cold client to the warm one after full GCs (\`--expose-gc\`), values fetched over HTTP (500 batch calls).
${
  r.trustMachine
    ? `- (f) and (g) were measured apart from the rest, by \`bench/runtime/record-trust.mjs\`, on ${r.trustMachine.date} UTC, commit ${r.trustMachine.commit}, load average ${r.trustMachine.load} before and ${r.trustMachine.loadAtEnd} after (1, 5, 15 min); the other rows are from the full run described above.
`
    : ''
}${
  r.redaction
    ? `- (f) ${int(r.redaction.values)} values indexed as ${int(r.redaction.patterns)} forms; p50 of the clean line ${us(r.redaction.clean.p50)}, with a value ${us(r.redaction.withValue.p50)}; one \`indexOf\` pass over the line p99 ${us(r.redaction.indexOf.p99)}; rebuild after a rotation p99 ${ms(r.redaction.rebuildMs.p99)} (GC pauses on a shared machine). Memory: heap plus array buffers held by the index, after full GCs (\`--expose-gc\`).
`
    : ''
}${
  r.batching
    ? `- (g) TTL ${r.batching.ttlMs / 60_000} min, ${r.batching.ttls} TTLs of simulated time (request counts, so a simulated clock that waits for the real HTTP exchanges between timers; machine load cannot skew them) against the fake: ${r.batching.rounds} rounds of at most ${r.batching.perRoundMax} requests. A round comes every 0.7–0.9 TTL, so per TTL it is about 1.25 × the per-round figure. The baseline is the same service with a provider taking one secret per call (a store without a batch read, or each secret on its own timer as before). Fleet: first rounds at ${r.batching.fleetFirstRound.map((v) => v.toFixed(2)).join(', ')} TTL.
`
    : ''
}- Go: ${r.go ? `\`bench/go\` (${r.go.go}, ${r.go.runs} runs, medians; load ${r.go.machine.load} before and ${r.go.machine.loadAtEnd ?? 'not recorded'} after it): warm figures are \`testing.Benchmark\` ns/op; the cold load has 20 ms injected store latency; p99s come from ${r.go.refresh.samples.toLocaleString('en-US')} timed \`Get\` calls (the clock read itself is most of each sample) with ${r.go.refresh.refreshes} refreshes in flight in turn (TTL 25 ms, 15 ms store latency).` : 'not recorded in this run.'}
- Python: ${r.python ? `\`bench/python\` (Python ${r.python.python}, boto3 ${r.python.boto3}; anchor ${r.python.anchor}, both on locksmith-fake): warm figures are medians of \`timeit\` rounds; the cold load counts requests at the fake; p99s compare samples of 64 \`get()\` calls with 100 secrets on a 1 s TTL (${r.python.refresh['store requests during run']} store requests in ${r.python.refresh.seconds} s) against no refresh due. Details in bench/python/RESULTS.md.` : 'not recorded in this run.'}
- Throughput: the fakes and the bare server each run in a child process; ${r.throughput.concurrency} keep-alive connections from this process.

Run \`pnpm bench\` (about ${r.codegen ? 'five' : 'two'} minutes on 2 cores) or \`node bench/run.mjs --quick --no-codegen\` for a fast look; raw numbers go to \`bench/results.json\`.
`;
  return { files, table: `${table}\n`, loopTable: r.loop ? loopSection(r.loop) : '' };
}
