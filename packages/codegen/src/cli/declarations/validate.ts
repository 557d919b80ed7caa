import type { CommandSpec } from '../spec.js';
import { CATALOG, HELP, JSON_OUTPUT } from './common.js';

export const VALIDATE = {
  name: 'validate',
  runs: 'generate',
  summary:
    'Check the catalog and render every artifact in memory (writing nothing), so it refuses what gen refuses.',
  usage: 'locksmith validate [--catalog FILE] [--json]',
  options: [CATALOG, JSON_OUTPUT, HELP],
} as const satisfies CommandSpec;
