/** Two small hand-written SVG charts for RESULTS.md: a line chart and a horizontal bar chart. */

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea'];

/** A "nice" axis maximum and tick step for values up to `max`. */
function niceScale(max, ticks = 5) {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { max: Math.ceil(max / step) * step, step };
}

const fmt = (n) => (n >= 1000 ? n.toLocaleString('en-US') : Number(n.toPrecision(3)).toString());

/** Line chart: series of [x, y] points on linear axes. */
export function lineChart({ title, xLabel, yLabel, series, width = 560, height = 320 }) {
  const m = { top: 40, right: 130, bottom: 48, left: 56 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const xs = niceScale(Math.max(...series.flatMap((s) => s.points.map((p) => p[0]))));
  const ys = niceScale(Math.max(...series.flatMap((s) => s.points.map((p) => p[1]))));
  const X = (x) => m.left + (x / xs.max) * w;
  const Y = (y) => m.top + h - (y / ys.max) * h;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT} font-size="12" role="img">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left}" y="22" font-size="14" font-weight="600">${esc(title)}</text>`,
  ];
  for (let y = 0; y <= ys.max + 1e-9; y += ys.step) {
    out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${Y(y)}" y2="${Y(y)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${m.left - 6}" y="${Y(y) + 4}" text-anchor="end" fill="#374151">${fmt(y)}</text>`);
  }
  for (let x = 0; x <= xs.max + 1e-9; x += xs.step)
    out.push(`<text x="${X(x)}" y="${m.top + h + 18}" text-anchor="middle" fill="#374151">${fmt(x)}</text>`);
  out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" stroke="#6b7280"/>`);
  out.push(
    `<text x="${m.left + w / 2}" y="${height - 8}" text-anchor="middle" fill="#111827">${esc(xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(14 ${m.top + h / 2}) rotate(-90)" text-anchor="middle" fill="#111827">${esc(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const p of pts)
      out.push(`<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3.5" fill="${color}"/>`);
    const ly = m.top + 10 + i * 20;
    out.push(`<rect x="${m.left + w + 16}" y="${ly - 8}" width="12" height="3" fill="${color}"/>`);
    out.push(`<text x="${m.left + w + 34}" y="${ly - 3}" fill="#111827">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Horizontal bars with their values; `kind` picks the colour (ours, floor, anchor). */
export function barChart({ title, unit, bars, width = 560 }) {
  const kindColor = { ours: '#2563eb', floor: '#9ca3af', anchor: '#ea580c' };
  const row = 26;
  const m = { top: 40, right: 90, bottom: 46, left: 200 };
  const height = m.top + bars.length * row + m.bottom;
  const w = width - m.left - m.right;
  const scale = niceScale(Math.max(...bars.map((b) => b.value)));
  const X = (v) => m.left + (v / scale.max) * w;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT} font-size="12" role="img">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="16" y="22" font-size="14" font-weight="600">${esc(title)}</text>`,
  ];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    out.push(
      `<line x1="${X(v)}" x2="${X(v)}" y1="${m.top - 4}" y2="${m.top + bars.length * row}" stroke="#e5e7eb"/>`,
    );
    out.push(
      `<text x="${X(v)}" y="${m.top + bars.length * row + 16}" text-anchor="middle" fill="#374151">${fmt(v)}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const y = m.top + i * row;
    out.push(`<text x="${m.left - 8}" y="${y + 16}" text-anchor="end" fill="#111827">${esc(b.label)}</text>`);
    out.push(
      `<rect x="${m.left}" y="${y + 4}" width="${Math.max(1, X(b.value) - m.left).toFixed(1)}" height="${row - 8}" fill="${kindColor[b.kind] ?? '#2563eb'}"/>`,
    );
    out.push(
      `<text x="${(X(b.value) + 6).toFixed(1)}" y="${y + 16}" fill="#111827">${fmt(b.value)} ${esc(unit)}</text>`,
    );
  });
  const ly = height - 6;
  const legend = [
    ['Locksmith', 'ours'],
    ['floor', 'floor'],
    ['Powertools (anchor)', 'anchor'],
  ];
  legend.forEach(([label, kind], i) => {
    const x = 16 + i * 130;
    out.push(`<rect x="${x}" y="${ly - 9}" width="10" height="10" fill="${kindColor[kind]}"/>`);
    out.push(`<text x="${x + 14}" y="${ly}" fill="#374151">${esc(label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
