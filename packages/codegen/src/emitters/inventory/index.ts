import type { Catalog } from '@locksmith/schema';
import { mdText } from '../../escape/markdown.js';
import type { GeneratedFile } from '../../generated-file.js';
import { headerComment } from '../../header.js';
import { lines } from '../../text.js';
import { servicesToSecretsDiagram } from './diagram.js';
import { secretsTable } from './table.js';

/** `SECRETS.md`: the inventory table and a Mermaid diagram of which service reads which secret. */
export function emitInventory(catalog: Catalog): GeneratedFile[] {
  const contents = lines([
    headerComment(catalog, 'html').trimEnd(),
    '',
    `# Secrets of ${mdText(catalog.project)}`,
    '',
    `Environments: ${catalog.environments.map((e) => mdText(`${e.name} (${e.source})`)).join(', ')}.`,
    '',
    ...secretsTable(catalog),
    '',
    '## Who reads what',
    '',
    ...servicesToSecretsDiagram(catalog),
  ]);
  return [{ path: 'SECRETS.md', contents }];
}
