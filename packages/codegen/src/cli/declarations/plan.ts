import { DEFAULT_MAX_READERS } from '../../plan/defaults.js';
import type { CommandSpec } from '../spec.js';
import { CATALOG, HELP, JSON_OUTPUT } from './common.js';

export const PLAN = {
  name: 'plan',
  runs: 'generate',
  summary:
    'Review a catalog change as access changes: per environment, who gains or loses read access to which secret, through which artifact.',
  usage:
    'locksmith plan --base REF|FILE [--catalog FILE] [--format text|markdown|json] [--json] [--max-readers N]',
  options: [
    CATALOG,
    {
      name: 'base',
      type: 'string',
      valueName: 'REF|FILE',
      description:
        'The catalog to compare with: a catalog file, or a git revision whose copy of --catalog is read with `git show` (the working tree is not touched).',
      required: true,
    },
    {
      name: 'format',
      type: 'string',
      valueName: 'FORMAT',
      description:
        'text (the terminal view), markdown (a pull-request comment) or json (for policy engines).',
      default: 'text',
      choices: ['text', 'markdown', 'json'],
    },
    {
      name: 'max-readers',
      type: 'string',
      valueName: 'N',
      description: 'Flag a secret whose readers in an environment grow past N services.',
      default: String(DEFAULT_MAX_READERS),
    },
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
