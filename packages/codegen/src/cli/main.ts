import { readFileSync } from 'node:fs';
import type { EmitterEntry } from '../emitters/index.js';
import { isOpsCommand, runOpsCommand } from '../ops/dispatch.js';
import { EXIT, ExitError, InternalError } from './errors.js';
import { commandHelp, mainHelp } from './help.js';
import type { CliIo } from './io.js';
import { findCommand, GLOBAL_OPTIONS } from './options.js';
import { parseOptions } from './parse.js';

/** Replaceable parts, so tests can run the CLI in-process with a failing emitter. */
export interface CliDependencies {
  readonly emitters?: readonly EmitterEntry[];
}

/**
 * Runs `locksmith` with `argv` (without node and script) and returns the exit code. Every
 * failure is reported here: ExitError as its message, anything else as a bug (exit 70).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  deps: CliDependencies = {},
): Promise<number> {
  try {
    return await dispatch(argv, io, deps.emitters);
  } catch (error) {
    if (error instanceof ExitError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    const internal =
      error instanceof InternalError ? error : new InternalError(describe(error), { cause: error });
    io.stderr(
      `locksmith: internal error: ${internal.message}\n` +
        'This is a bug in locksmith, not in your catalog. Please report it with the command you ran.\n' +
        `${stackOf(internal.cause ?? internal)}\n`,
    );
    return EXIT.internal;
  }
}

async function dispatch(
  argv: readonly string[],
  io: CliIo,
  emitters: readonly EmitterEntry[] | undefined,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    const values = parseOptions(argv, GLOBAL_OPTIONS, 'locksmith');
    if (values.version) {
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    }
    if (values.help) {
      io.stdout(mainHelp());
      return EXIT.ok;
    }
    io.stderr(mainHelp());
    return EXIT.usage;
  }
  const command = findCommand(first);
  if (!command)
    throw new ExitError(EXIT.usage, `locksmith: unknown command "${first}". Run \`locksmith --help\`.`);
  if (isOpsCommand(command.name)) return runOpsCommand(command, rest, io);
  const values = parseOptions(rest, command.options, command.name);
  if (values.help) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  // Commands load lazily: `--help` and `--version` should not pay for the TypeScript toolchain.
  if (command.name === 'gen') {
    const [{ genCommand }, { EMITTERS }] = await Promise.all([
      import('./commands/gen.js'),
      import('../emitters/index.js'),
    ]);
    return genCommand(values, io, emitters ?? EMITTERS);
  }
  if (command.name === 'validate') {
    const { validateCommand } = await import('./commands/validate.js');
    return validateCommand(values, io);
  }
  throw new InternalError(`command "${command.name}" is declared but has no implementation`);
}

/** The package version, read from the package.json next to dist/. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackOf(error: unknown): string {
  return error instanceof Error && error.stack ? error.stack : String(error);
}
