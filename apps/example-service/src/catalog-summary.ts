import type { Catalog } from '@locksmith/schema';

/** A few lines a person can read to see what the catalog declares. Names and paths only: a catalog holds no values. */
export function catalogSummary(catalog: Catalog): string {
  const lines = [
    `catalog ${catalog.file} (sha256 ${catalog.hash.slice(0, 12)}…): project "${catalog.project}"`,
    `  environments: ${catalog.environments.map((e) => `${e.name}${e.source === 'store' ? '' : ` (${e.source})`}`).join(', ')}`,
    `  ${catalog.secrets.length} secrets, ${catalog.services.length} services`,
  ];
  for (const service of catalog.services) {
    lines.push(`  service ${service.name} reads ${service.reads.join(', ')}`);
  }
  for (const secret of catalog.secrets) {
    const stores = [...new Set(secret.placements.map((p) => p.provider))].join('+');
    const rotation = secret.rotation.every
      ? `${secret.rotation.strategy} every ${secret.rotation.every.text}`
      : secret.rotation.strategy;
    lines.push(`  secret ${secret.name}: ${stores}, ${secret.fields.length} field(s), rotation ${rotation}`);
  }
  return lines.join('\n');
}
