import { EXIT, ExitError, InternalError } from '../cli/errors.js';
import { commandHelp } from '../cli/help.js';
import type { CliIo } from '../cli/io.js';
import type { CommandSpec } from '../cli/options.js';
import { parseOpsArgs } from './args.js';
import type { EnvVars, OpsContext } from './context.js';
import { StoreError } from './store/types.js';

/** The commands that talk to stores or help adopt the catalog (docs/operations.md). */
export const OPS_COMMANDS = ['doctor', 'audit', 'import', 'estimate', 'seal', 'copy', 'graph'] as const;

/** Whether `name` is one of {@link OPS_COMMANDS}. */
export function isOpsCommand(name: string): boolean {
  return (OPS_COMMANDS as readonly string[]).includes(name);
}

/** What the process gives an operations command beyond the CLI's io. */
export interface OpsRuntime {
  readonly env: EnvVars;
  /** stderr is an interactive terminal. */
  readonly interactive: boolean;
}

/**
 * Runs one operations command. A store that cannot be reached or refuses a call is exit 1 with
 * the store's error code (never its message body); everything else follows the CLI's exit codes.
 */
export async function runOpsCommand(
  command: CommandSpec,
  args: readonly string[],
  io: CliIo,
  runtime: OpsRuntime = { env: process.env, interactive: Boolean(process.stderr.isTTY) },
): Promise<number> {
  const { values, positionals } = parseOpsArgs(command, args);
  if (values['help'] === true) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  const ctx: OpsContext = { io, values, positionals, env: runtime.env, progress: runtime.interactive };
  try {
    return await run(command.name, ctx);
  } catch (error) {
    if (error instanceof StoreError) throw new ExitError(EXIT.drift, `${command.name}: ${error.message}`);
    throw error;
  }
}

async function run(name: string, ctx: OpsContext): Promise<number> {
  switch (name) {
    case 'doctor':
      return (await import('./doctor/index.js')).doctorCommand(ctx);
    case 'audit':
      return (await import('./audit/index.js')).auditCommand(ctx);
    case 'estimate':
      return (await import('./estimate/index.js')).estimateCommand(ctx);
    case 'graph':
      return (await import('./graph/index.js')).graphCommand(ctx);
    case 'seal':
      return (await import('./seal/index.js')).sealCommand(ctx);
    case 'copy':
      return (await import('./copy/index.js')).copyCommand(ctx);
    case 'import':
      return (await import('./import/index.js')).importCommand(ctx);
    default:
      throw new InternalError(`command "${name}" is declared but has no implementation`);
  }
}
