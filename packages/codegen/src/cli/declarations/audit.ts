import type { CommandSpec } from '../spec.js';
import { AWS_ENDPOINT, CATALOG, ENV, HELP, JSON_OUTPUT, VAULT_ADDR } from './common.js';

export const AUDIT = {
  name: 'audit',
  runs: 'operations',
  summary:
    'Rotation age of every secret against its interval, and secrets in the store the catalog does not know.',
  usage:
    'locksmith audit --env ENV [--catalog FILE] [--now ISO] [--aws-endpoint URL] [--vault-addr URL] [--json]',
  options: [
    CATALOG,
    ENV,
    {
      name: 'now',
      type: 'string',
      valueName: 'ISO',
      description: 'Evaluate ages at this time (default: now).',
    },
    AWS_ENDPOINT,
    VAULT_ADDR,
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
