import type { CommandSpec } from '../spec.js';
import { AWS_ENDPOINT, HELP, JSON_OUTPUT, VAULT_ADDR } from './common.js';

export const IMPORT = {
  name: 'import',
  runs: 'operations',
  summary: 'Write or extend a catalog from ExternalSecrets, a .env file, AWS ListSecrets or a Vault KV tree.',
  usage:
    'locksmith import --from external-secrets|dotenv|aws|vault (--out FILE | --into CATALOG) [FILE...|PATH] [--project NAME] [--env ENV] [--json]',
  positionals: {
    valueName: 'FILE...|PATH',
    description: 'The ExternalSecret YAML files or the .env file to read, or the KV path to list.',
  },
  options: [
    {
      name: 'from',
      type: 'string',
      valueName: 'KIND',
      description:
        'external-secrets (YAML files follow), dotenv (a file follows), aws (ListSecrets) or vault (a KV path follows).',
      required: true,
      choices: ['external-secrets', 'dotenv', 'aws', 'vault'],
    },
    {
      name: 'out',
      type: 'string',
      valueName: 'FILE',
      description: 'New catalog file to write (never overwrites one).',
    },
    {
      name: 'into',
      type: 'string',
      valueName: 'CATALOG',
      description:
        'Existing catalog to extend: adds only the secrets, services and environments it lacks; keeps its text as it is.',
    },
    {
      name: 'project',
      type: 'string',
      valueName: 'NAME',
      description: 'Project name (default: guessed from the names found).',
    },
    {
      name: 'env',
      type: 'string',
      valueName: 'ENV',
      description: 'Environment for sources that name none (default: guessed, else dev).',
    },
    {
      name: 'region',
      type: 'string',
      valueName: 'REGION',
      description: 'AWS region for --from aws.',
      default: 'us-east-1',
    },
    {
      name: 'mount',
      type: 'string',
      valueName: 'MOUNT',
      description: 'KV v2 mount for --from vault.',
      default: 'secret',
    },
    AWS_ENDPOINT,
    VAULT_ADDR,
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
