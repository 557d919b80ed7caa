import type { CommandSpec } from '../spec.js';
import { AWS_ENDPOINT, CATALOG, ENV, HELP, JSON_OUTPUT, STORES, VAULT_ADDR } from './common.js';

export const COPY = {
  name: 'copy',
  runs: 'operations',
  summary: "Copy an environment's values from one store to the other, idempotently, oldest version first.",
  usage: 'locksmith copy --from aws|vault --to aws|vault --env ENV [--dry-run] [--catalog FILE] [--json]',
  options: [
    CATALOG,
    {
      name: 'from',
      type: 'string',
      valueName: 'STORE',
      description: 'Source store: aws or vault.',
      required: true,
      choices: STORES,
    },
    {
      name: 'to',
      type: 'string',
      valueName: 'STORE',
      description: 'Target store: aws or vault.',
      required: true,
      choices: STORES,
    },
    ENV,
    {
      name: 'dry-run',
      type: 'boolean',
      description: 'Print what would be copied; write nothing.',
      default: false,
    },
    AWS_ENDPOINT,
    VAULT_ADDR,
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
