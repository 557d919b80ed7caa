import type { Catalog } from '@locksmith/schema';
import { sortedSecrets, sortedServices } from '../../catalog-queries.js';
import { mermaidLabel } from '../../escape/mermaid.js';
import { compareStrings } from '../../generated-file.js';

/**
 * A Mermaid flowchart of services → secrets. Node ids are positional (`svc0`, `sec0`) because
 * names may hold characters Mermaid ids cannot; labels carry the real names.
 */
export function servicesToSecretsDiagram(catalog: Catalog): string[] {
  const services = sortedServices(catalog);
  const secrets = sortedSecrets(catalog);
  const secretIds = new Map(secrets.map((s, i) => [s.name, `sec${i}`]));
  const out = ['```mermaid', 'flowchart LR'];
  services.forEach((s, i) => {
    out.push(`  svc${i}["${mermaidLabel(s.name)}"]`);
  });
  secrets.forEach((s, i) => {
    out.push(`  sec${i}[("${mermaidLabel(`${s.name} (${s.provider})`)}")]`);
  });
  services.forEach((service, i) => {
    for (const name of [...service.reads].sort(compareStrings)) {
      const id = secretIds.get(name);
      if (id) out.push(`  svc${i} --> ${id}`);
    }
  });
  out.push('```');
  return out;
}
