import type { CatalogGraph } from './model.js';

const COLUMN_X = [20, 280, 540] as const;
const BOX_W = 200;
const BOX_H = 26;
const ROW = 36;
const TOP = 50;
const WARN_FILL = '#fde2e1';
const WARN_STROKE = '#c0392b';
const STORE_LABEL = { aws: 'AWS Secrets Manager', vault: 'Vault KV' } as const;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A plain three-column SVG (services, secrets, stores) with straight edges. Written by hand so
 * the output is byte-for-byte deterministic and needs no layout engine.
 */
export function toSvg(graph: CatalogGraph): string {
  const y = (index: number) => TOP + index * ROW;
  const serviceRow = new Map(graph.services.map((s, i) => [s.name, i]));
  const secretRow = new Map(graph.secrets.map((s, i) => [s.name, i]));
  const storeRow = new Map(graph.stores.map((s, i) => [s, i]));
  const rows = Math.max(graph.services.length, graph.secrets.length, graph.stores.length);
  const height = TOP + rows * ROW + 40;
  const width = COLUMN_X[2] + BOX_W + 20;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  ['Services', 'Secrets', 'Stores'].forEach((title, i) => {
    out.push(`<text x="${COLUMN_X[i as 0 | 1 | 2]}" y="30" font-weight="bold">${title}</text>`);
  });
  const edge = (x1: number, r1: number, x2: number, r2: number, warn: boolean, dash: boolean) =>
    out.push(
      `<line x1="${x1 + BOX_W}" y1="${y(r1) + BOX_H / 2}" x2="${x2}" y2="${y(r2) + BOX_H / 2}" stroke="${warn ? WARN_STROKE : '#7f8c8d'}"${dash ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  for (const r of graph.reads)
    edge(
      COLUMN_X[0],
      serviceRow.get(r.service) ?? 0,
      COLUMN_X[1],
      secretRow.get(r.secret) ?? 0,
      r.unused,
      r.unused,
    );
  for (const u of graph.undeclared) {
    if (serviceRow.has(u.service) && secretRow.has(u.secret)) {
      edge(
        COLUMN_X[0],
        serviceRow.get(u.service) ?? 0,
        COLUMN_X[1],
        secretRow.get(u.secret) ?? 0,
        true,
        true,
      );
    }
  }
  for (const p of graph.placements)
    edge(COLUMN_X[1], secretRow.get(p.secret) ?? 0, COLUMN_X[2], storeRow.get(p.store) ?? 0, false, false);
  const box = (x: number, row: number, label: string, warn: boolean, rx: number): void => {
    out.push(
      `<rect x="${x}" y="${y(row)}" width="${BOX_W}" height="${BOX_H}" rx="${rx}" fill="${warn ? WARN_FILL : '#ecf0f1'}" stroke="${warn ? WARN_STROKE : '#95a5a6'}"/>`,
      `<text x="${x + 10}" y="${y(row) + 17}">${escapeXml(label)}</text>`,
    );
  };
  for (const [i, s] of graph.services.entries()) {
    box(COLUMN_X[0], i, s.readsNothing ? `${s.name} (reads nothing)` : s.name, s.readsNothing, 13);
  }
  for (const [i, s] of graph.secrets.entries()) {
    box(COLUMN_X[1], i, s.unread ? `${s.name} (no reader)` : s.name, s.unread, 2);
  }
  for (const [i, s] of graph.stores.entries()) box(COLUMN_X[2], i, STORE_LABEL[s], false, 6);
  out.push(
    `<text x="20" y="${height - 14}" fill="${WARN_STROKE}">red: no reader, reads nothing, or an unused/undeclared read</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}
