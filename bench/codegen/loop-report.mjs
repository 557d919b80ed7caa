/**
 * The edit–generate loop's section of bench/RESULTS.md (figures from bench/codegen/loop.mjs).
 * The targets are absolute and so are the verdicts: a figure is met when its median is
 * within the target, whatever the load (which is printed beside the figures). The ratio to
 * `node -e 0` in the same run is shown for information: it says how much of a figure is the
 * machine's speed at that moment.
 */
const s = (v) => `${v.toFixed(2)} s`;
const x = (v) => `${v.toFixed(1)}×`;
const verdict = (ok) => (ok ? 'met' : '**missed**');

function row(figure, target, measured, baseline, targetSeconds) {
  return [
    figure,
    target,
    s(measured),
    `node -e 0 ${s(baseline)}`,
    x(measured / baseline),
    verdict(measured <= targetSeconds),
  ];
}

/** Table rows: [figure, target, measured, baseline, ratio, verdict]. */
export function loopRows(loop) {
  const out = [];
  const e = loop.example;
  const node = e['node -e 0'].seconds;
  out.push(row('example catalog: `validate`', '≤ 0.2 s', e.validate.seconds, node, 0.2));
  out.push(row('example catalog: `gen` (every file written)', '≤ 0.4 s', e.gen.seconds, node, 0.4));
  out.push(row('example catalog: `gen --check`', '≤ 0.4 s', e['gen --check'].seconds, node, 0.4));
  out.push([
    'example catalog: peak RSS of `gen` / `gen --check`',
    '≤ 100 MB',
    `${e.gen.mib.toFixed(0)} / ${e['gen --check'].mib.toFixed(0)} MiB`,
    `node -e 0 ${e['node -e 0'].mib.toFixed(0)} MiB`,
    x(Math.max(e.gen.mib, e['gen --check'].mib) / e['node -e 0'].mib),
    verdict(Math.max(e.gen.mib, e['gen --check'].mib) * 1.048576 <= 100),
  ]);
  out.push([
    'example catalog: `gen --check`, cold cache (for reference)',
    '—',
    s(e['gen --check (cold cache)'].seconds),
    `node -e 0 ${s(node)}`,
    x(e['gen --check (cold cache)'].seconds / node),
    '—',
  ]);
  const pnpm = loop.pnpmGen;
  out.push(
    row(
      '`pnpm gen` from the root, turbo cache hit',
      '≤ 1 s',
      pnpm['pnpm gen'].seconds,
      pnpm['node -e 0'].seconds,
      1,
    ),
  );
  const w = loop.watch;
  out.push([
    '`gen --watch`: save → files written',
    '≤ 100 ms',
    `${w.saveToWrittenMs.toFixed(0)} ms (regeneration ${w.regenerateMs.toFixed(0)} ms)`,
    `node -e 0 ${s(node)}`,
    x(w.saveToWrittenMs / 1000 / node),
    verdict(w.saveToWrittenMs <= 100),
  ]);
  const small = loop.scale[1000];
  const large = loop.scale[10000];
  for (const cmd of ['gen', 'gen --check']) {
    out.push(
      row(
        `1,000 secrets × 20 services × 3 envs: \`${cmd}\``,
        '≤ 1 s',
        small[cmd].seconds,
        small['node -e 0'].seconds,
        1,
      ),
    );
  }
  for (const cmd of ['gen', 'gen --check']) {
    out.push(row(`10,000 secrets: \`${cmd}\``, '≤ 8 s', large[cmd].seconds, large['node -e 0'].seconds, 8));
  }
  for (const cmd of ['gen', 'gen --check']) {
    const ratio = large[cmd].seconds / small[cmd].seconds;
    out.push([
      `10,000 / 1,000 secrets: \`${cmd}\` (linear)`,
      '≤ 10×',
      s(large[cmd].seconds),
      `1,000 secrets ${s(small[cmd].seconds)}`,
      x(ratio),
      verdict(ratio <= 10),
    ]);
  }
  return out;
}

/** The section, with the load average next to each group of figures. */
export function loopSection(loop) {
  const table = [
    '| Figure | Target | Measured (median) | Baseline (same run) | Ratio | Verdict |',
    '| --- | --- | ---: | --- | ---: | --- |',
    ...loopRows(loop).map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
  const e = loop.example;
  const loads = [
    `example catalog ${e.validate.load.before} → ${e.validate.load.after}`,
    `watch ${loop.watch.load.before} → ${loop.watch.load.after}`,
    `\`pnpm gen\` ${loop.pnpmGen['pnpm gen'].load.before} → ${loop.pnpmGen['pnpm gen'].load.after}`,
    `1,000 secrets ${loop.scale[1000].gen.load.before} → ${loop.scale[1000].gen.load.after}`,
    `10,000 secrets ${loop.scale[10000].gen.load.before} → ${loop.scale[10000].gen.load.after}`,
  ];
  const m = loop.machine;
  return `## The edit–generate loop (issue #19)

Recorded by \`node bench/codegen/loop.mjs\`${loop.quick ? ' --quick' : ''} on ${m.date} UTC, commit ${m.commit}; ${m.cpu}, ${m.cores} cores, Node ${m.node}.
Each command is a fresh process in a temporary package whose cache (\`node_modules/.cache/locksmith\`) a priming run
filled, as in a project after its first \`gen\`; runs alternate with \`node -e 0\`; medians of ${loop.quick ? 3 : 7} runs
(3 for 10,000 secrets). A verdict compares the median with the issue's absolute target; the ratio to \`node -e 0\`
in the same run is for information (the issue's targets were set with \`node -e 0\` at 0.07 s). The machine is
shared: load average (1, 5, 15 min) before → after each group: ${loads.join('; ')}.

${table}
`;
}
