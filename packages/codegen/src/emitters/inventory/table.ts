import type { Catalog, Secret } from '@locksmith/schema';
import { sortedSecrets } from '../../catalog-queries.js';
import { compareStrings } from '../../generated-file.js';
import { oneLine } from '../../text.js';

/** The secrets table: one row per secret, with where it lives in each environment. */
export function secretsTable(catalog: Catalog): string[] {
  const rows = [
    '| Secret | Description | Provider | Path per environment | Readers | Rotation | Env vars |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const secret of sortedSecrets(catalog)) {
    rows.push(
      `| ${[
        code(secret.name),
        cell(secret.description ?? ''),
        providers(secret),
        secret.placements.map((p) => `${cell(p.environment)}: ${code(p.path)}`).join('<br>'),
        [...secret.readers].sort(compareStrings).map(cell).join(', '),
        rotation(secret),
        secret.fields.map((f) => code(f.env)).join('<br>'),
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

/** Table cells are one line and may not contain an unescaped pipe. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** Inside a code span HTML entities are not decoded, so only the pipe is escaped. */
function code(text: string): string {
  return `\`${oneLine(text).replace(/\|/g, '\\|')}\``;
}
