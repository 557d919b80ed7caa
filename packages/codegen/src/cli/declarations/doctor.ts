import type { CommandSpec } from '../spec.js';
import { AWS_ENDPOINT, CATALOG, ENV, HELP, JSON_OUTPUT, VAULT_ADDR } from './common.js';

export const DOCTOR = {
  name: 'doctor',
  runs: 'operations',
  summary: "Check an environment's secrets in the live stores: existence, schema, rotation, reader policies.",
  usage:
    'locksmith doctor --env ENV [--catalog FILE] [--generated DIR] [--aws-endpoint URL] [--vault-addr URL] [--json]',
  options: [
    CATALOG,
    ENV,
    {
      name: 'generated',
      type: 'string',
      valueName: 'DIR',
      description:
        'Generated directory whose IAM policies are compared (default: generated/ next to the catalog).',
    },
    AWS_ENDPOINT,
    VAULT_ADDR,
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
