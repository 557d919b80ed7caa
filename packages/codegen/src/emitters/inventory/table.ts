import type { Catalog, Secret } from '@locksmith/schema';
import { sortedSecrets } from '../../catalog-queries.js';
import { mdCode, mdText } from '../../escape/markdown.js';
import { compareStrings } from '../../generated-file.js';

/** The secrets table: one row per secret, with where it lives in each environment. */
export function secretsTable(catalog: Catalog): string[] {
  const rows = [
    '| Secret | Description | Provider | Path per environment | Readers | Rotation | Env vars |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const secret of sortedSecrets(catalog)) {
    rows.push(
      `| ${[
        mdCode(secret.name),
        mdText(secret.description ?? ''),
        mdText(providers(secret)),
        secret.placements.map((p) => `${mdText(p.environment)}: ${mdCode(p.path)}`).join('<br>'),
        [...secret.readers].sort(compareStrings).map(mdText).join(', '),
        mdText(rotation(secret)),
        secret.fields.map((f) => mdCode(f.env)).join('<br>'),
      ].join(' | ')} |`,
    );
  }
  return rows;
}

function providers(secret: Secret): string {
  const names = [...new Set(secret.placements.map((p) => p.provider))];
  return (names.length > 0 ? names : [secret.provider]).join(', ');
}

function rotation(secret: Secret): string {
  const { strategy, every, overlap } = secret.rotation;
  return [strategy, every ? `every ${every.text}` : '', overlap ? `overlap ${overlap.text}` : '']
    .filter((part) => part.length > 0)
    .join(', ');
}
