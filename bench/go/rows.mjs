/**
 * The Go rows of bench/RESULTS.md, from the `go` part of bench/results.json (bench/go/run.mjs).
 * Each row: [figure, target, measured, baseline from the same run, ratio, verdict].
 */
const ns = (v) => `${v.toFixed(v < 10 ? 2 : 1)} ns`;
const ms = (v) => `${v.toFixed(1)} ms`;
const x = (v) => `${v.toFixed(v < 10 ? 2 : 1)}×`;
const verdict = (ok) => (ok ? 'met' : '**missed**');

export function goRows(go) {
  const w = go.warm;
  const floor = w['sync.Map Load (floor)'];
  const anchor = w['aws-sdk-go-v2 + sync.Map (anchor, warm)'];
  const c = go.cold;
  const r = go.refresh;
  return [
    [
      'Go: warm `Client.Get(name)`',
      '≤ 3× a bare `sync.Map` load',
      ns(w['Client.Get(name)']),
      `\`sync.Map\` Load ${ns(floor)}`,
      x(w['Client.Get(name)'] / floor),
      verdict(w['Client.Get(name)'] / floor <= 3),
    ],
    [
      'Go: warm `Handle.Get` / generated `Typed.Get`',
      '≤ 3× a bare `sync.Map` load',
      `${ns(w['Handle.Get'])} / ${ns(w['Typed.Get (generated)'])}`,
      `\`sync.Map\` Load ${ns(floor)}`,
      x(w['Typed.Get (generated)'] / floor),
      verdict(w['Typed.Get (generated)'] / floor <= 3),
    ],
    [
      'Go: anchor, aws-sdk-go-v2 `GetSecretValue` + `sync.Map` (warm)',
      '—',
      ns(anchor),
      `\`sync.Map\` Load ${ns(floor)}`,
      x(anchor / floor),
      '—',
    ],
    [
      'Go: cold load of 100 secrets',
      '≤ 5 requests',
      `${c.preloadRequests} requests, ${ms(c.preloadMs)}`,
      `anchor ${c.anchorRequests} requests, ${ms(c.anchorMs)}`,
      x(c.preloadMs / c.anchorMs),
      verdict(c.preloadRequests <= 5),
    ],
    [
      'Go: `Get` p99 while refreshing',
      '≤ 1.5× warm p99',
      ns(r.refreshing.p99),
      `warm p99 ${ns(r.warm.p99)}`,
      x(r.refreshing.p99 / r.warm.p99),
      verdict(r.refreshing.p99 / r.warm.p99 <= 1.5),
    ],
  ];
}
