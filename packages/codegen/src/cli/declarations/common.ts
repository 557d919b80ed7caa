import type { OptionSpec } from '../spec.js';

/** Options shared by several commands, declared once. */

export const CATALOG = {
  name: 'catalog',
  type: 'string',
  valueName: 'FILE',
  description: 'The catalog file to read.',
  default: './secrets.catalog.yaml',
} as const satisfies OptionSpec;

export const HELP = {
  name: 'help',
  type: 'boolean',
  description: 'Show help for this command.',
  default: false,
} as const satisfies OptionSpec;

/** Every command that prints a report accepts `--json` for machines, declared here once. */
export const JSON_OUTPUT = {
  name: 'json',
  type: 'boolean',
  description: 'Print machine-readable results.',
  default: false,
} as const satisfies OptionSpec;

/** The environment an operations command works on. */
export const ENV = {
  name: 'env',
  type: 'string',
  valueName: 'ENV',
  description: 'The environment to work on.',
  required: true,
} as const satisfies OptionSpec;

export const AWS_ENDPOINT = {
  name: 'aws-endpoint',
  type: 'string',
  valueName: 'URL',
  description: 'Secrets Manager endpoint override (credentials and region come from the AWS SDK chain).',
} as const satisfies OptionSpec;

export const VAULT_ADDR = {
  name: 'vault-addr',
  type: 'string',
  valueName: 'URL',
  description: 'Vault address (default: VAULT_ADDR); the token comes from VAULT_TOKEN.',
} as const satisfies OptionSpec;

/** The stores an operations command may talk to: AWS Secrets Manager or Vault. */
export const STORES = ['aws', 'vault'] as const;
