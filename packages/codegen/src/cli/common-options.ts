import type { OptionSpec } from './options.js';

/** Options every command takes, declared once for the gen/validate and the operations commands. */
export const CATALOG_OPTION: OptionSpec = {
  name: 'catalog',
  type: 'string',
  valueName: 'FILE',
  description: 'The catalog file to read.',
  default: './secrets.catalog.yaml',
};

export const HELP_OPTION: OptionSpec = {
  name: 'help',
  type: 'boolean',
  description: 'Show help for this command.',
  default: false,
};
