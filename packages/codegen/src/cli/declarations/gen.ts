import { EMITTER_KINDS } from '../../emitters/kinds.js';
import type { CommandSpec } from '../spec.js';
import { CATALOG, HELP, JSON_OUTPUT } from './common.js';

export const GEN = {
  name: 'gen',
  runs: 'generate',
  summary: 'Generate every artifact from the catalog, or check that they are up to date.',
  usage: 'locksmith gen [--catalog FILE] [--out DIR] [--only KINDS] [--check [--json] | --watch]',
  options: [
    CATALOG,
    {
      name: 'out',
      type: 'string',
      valueName: 'DIR',
      description: 'Directory the generated files go to.',
      default: './generated',
    },
    {
      name: 'only',
      type: 'string',
      valueName: 'KINDS',
      description: `Comma-separated kinds to generate: ${EMITTER_KINDS.join(', ')}. Default: all.`,
    },
    {
      name: 'check',
      type: 'boolean',
      description:
        'Write nothing; exit 1 with a diff when any file is stale, missing, extra, foreign or a link.',
      default: false,
    },
    {
      name: 'watch',
      type: 'boolean',
      description:
        'After generating, keep running and generate again each time the catalog is saved (Ctrl-C stops).',
      default: false,
    },
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
