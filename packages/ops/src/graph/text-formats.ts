import type { CatalogGraph } from './model.js';

const id = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
const STORE_LABEL = { aws: 'AWS Secrets Manager', vault: 'Vault KV' } as const;

/** A Mermaid flowchart; highlighted nodes use the `warn` class, unused reads are dashed red links. */
export function toMermaid(graph: CatalogGraph): string {
  const lines = ['flowchart LR', '  subgraph services'];
  for (const s of graph.services) lines.push(`    ${id('svc', s.name)}(["${s.name}"])`);
  lines.push('  end', '  subgraph secrets');
  for (const s of graph.secrets) lines.push(`    ${id('sec', s.name)}["${s.name}"]`);
  lines.push('  end', '  subgraph stores');
  for (const s of graph.stores) lines.push(`    ${id('store', s)}[("${STORE_LABEL[s]}")]`);
  lines.push('  end');
  const unusedLinks: number[] = [];
  let link = 0;
  for (const r of graph.reads) {
    if (r.unused) unusedLinks.push(link);
    lines.push(`  ${id('svc', r.service)} ${r.unused ? '-. unused .->' : '-->'} ${id('sec', r.secret)}`);
    link += 1;
  }
  for (const u of graph.undeclared) {
    unusedLinks.push(link);
    lines.push(`  ${id('svc', u.service)} -. undeclared .-> ${id('sec', u.secret)}`);
    link += 1;
  }
  for (const p of graph.placements) lines.push(`  ${id('sec', p.secret)} --> ${id('store', p.store)}`);
  const warn = [
    ...graph.services.filter((s) => s.readsNothing).map((s) => id('svc', s.name)),
    ...graph.secrets.filter((s) => s.unread).map((s) => id('sec', s.name)),
  ];
  lines.push('  classDef warn fill:#fde2e1,stroke:#c0392b,color:#7b241c');
  if (warn.length > 0) lines.push(`  class ${warn.join(',')} warn`);
  if (unusedLinks.length > 0) lines.push(`  linkStyle ${unusedLinks.join(',')} stroke:#c0392b`);
  return `${lines.join('\n')}\n`;
}

/** A Graphviz digraph, highlighted the same way. */
export function toDot(graph: CatalogGraph): string {
  const q = (s: string) => JSON.stringify(s);
  const warn = ', style=filled, fillcolor="#fde2e1", color="#c0392b"';
  const lines = ['digraph locksmith {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const s of graph.services)
    lines.push(
      `  ${q(`service:${s.name}`)} [label=${q(s.name)}, shape=ellipse${s.readsNothing ? warn : ''}];`,
    );
  for (const s of graph.secrets)
    lines.push(`  ${q(`secret:${s.name}`)} [label=${q(s.name)}, shape=box${s.unread ? warn : ''}];`);
  for (const s of graph.stores)
    lines.push(`  ${q(`store:${s}`)} [label=${q(STORE_LABEL[s])}, shape=cylinder];`);
  for (const r of graph.reads) {
    const style = r.unused ? ' [style=dashed, color="#c0392b", label="unused"]' : '';
    lines.push(`  ${q(`service:${r.service}`)} -> ${q(`secret:${r.secret}`)}${style};`);
  }
  for (const u of graph.undeclared) {
    lines.push(
      `  ${q(`service:${u.service}`)} -> ${q(`secret:${u.secret}`)} [style=dotted, color="#c0392b", label="undeclared"];`,
    );
  }
  for (const p of graph.placements) lines.push(`  ${q(`secret:${p.secret}`)} -> ${q(`store:${p.store}`)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
