import { EMITTER_KINDS } from '../emitters/kinds.js';
import { OPS_COMMAND_SPECS } from '../ops/commands.js';
import { CATALOG_OPTION as catalog, HELP_OPTION as help } from './common-options.js';

/**
 * One command-line option, declared once and used for parsing (`node:util` parseArgs), for
 * `--help` and for the options table in docs/codegen.md.
 */
export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown in help as `--name VALUE`. */
  readonly valueName?: string;
  readonly default?: string | boolean;
}

/** One sub-command. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: readonly OptionSpec[];
}

/** Every command the CLI knows, with its options. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'gen',
    summary: 'Generate every artifact from the catalog, or check that they are up to date.',
    usage: 'locksmith gen [--catalog FILE] [--out DIR] [--only KINDS] [--check [--json]]',
    options: [
      catalog,
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
        description: 'Write nothing; exit 1 with a diff when any file is stale, missing or extra.',
        default: false,
      },
      { name: 'json', type: 'boolean', description: 'Print machine-readable results.', default: false },
      help,
    ],
  },
  {
    name: 'validate',
    summary: 'Check the catalog alone and report every problem in it.',
    usage: 'locksmith validate [--catalog FILE]',
    options: [catalog, help],
  },
  ...OPS_COMMAND_SPECS,
];

/** Options accepted without a command. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'version', type: 'boolean', description: 'Print the locksmith version.', default: false },
  { name: 'help', type: 'boolean', description: 'Show this help.', default: false },
];

/** Looks a command up by name. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
