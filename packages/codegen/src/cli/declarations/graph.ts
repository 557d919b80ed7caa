import type { CommandSpec } from '../spec.js';
import { CATALOG, HELP, JSON_OUTPUT } from './common.js';

export const GRAPH = {
  name: 'graph',
  runs: 'operations',
  summary: 'Services, secrets and stores as a Mermaid, Graphviz or SVG graph, highlighting unread secrets.',
  usage: 'locksmith graph [--format mermaid|dot|svg] [--usage FILE] [--catalog FILE] [--json]',
  options: [
    CATALOG,
    {
      name: 'format',
      type: 'string',
      valueName: 'FORMAT',
      description: 'mermaid, dot or svg.',
      default: 'mermaid',
      choices: ['mermaid', 'dot', 'svg'],
    },
    {
      name: 'usage',
      type: 'string',
      valueName: 'FILE',
      description:
        'JSON {service: [secret, ...]} of secrets each service actually uses; unused reads are highlighted.',
    },
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
