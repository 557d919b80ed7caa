import { readFileSync } from 'node:fs';
import type { DiskCache } from '@locksmith/schema/cache';
import type { EmitterEntry } from '../emitters/index.js';
import type { GEN } from './declarations/gen.js';
import {
  COMMANDS,
  findCommand,
  GLOBAL_OPTIONS,
  type OperationName,
  type OperationOptions,
} from './declarations/index.js';
import type { PLAN } from './declarations/plan.js';
import type { VALIDATE } from './declarations/validate.js';
import { errorJson, wantsJson } from './error-json.js';
import { EXIT, ExitError, InternalError } from './errors.js';
import { commandHelp, mainHelp } from './help.js';
import type { CliIo } from './io.js';
import { type EnvVars, importOperations, loadOperations, type OperationsLoader } from './operations.js';
import { hint, type OptionValues, parseCommandLine } from './parse.js';
import type { CommandSpec, ParsedOptions } from './spec.js';

/** Replaceable parts, so tests can run the CLI in-process with their own emitters, stores and environment. */
export interface CliDependencies {
  readonly emitters?: readonly EmitterEntry[];
  /** How the operations commands find @locksmith/ops (default: import the installed package). */
  readonly loadOperations?: OperationsLoader;
  /** Environment variables the operations read credentials from (default: the process's). */
  readonly env?: EnvVars;
  /** stderr is an interactive terminal, so `gen` and the operations may draw progress (default: the process's). */
  readonly interactive?: boolean;
  /**
   * Where the generator keeps work between runs (default: `node_modules/.cache/locksmith` of the
   * package around the working directory); `null` for none.
   */
  readonly cache?: DiskCache | null;
  /** Ends long-running commands (`gen --watch`); the bin aborts it on SIGINT and SIGTERM. */
  readonly signal?: AbortSignal;
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
  const json = wantsJson(argv);
  try {
    return await dispatch(argv, io, deps);
  } catch (error) {
    if (error instanceof ExitError) {
      if (json) {
        const code = error.issues ? 'CATALOG_INVALID' : 'USAGE';
        const issues = error.issues ? { issues: error.issues } : {};
        io.stdout(
          errorJson({
            ok: false,
            exitCode: error.exitCode,
            error: { code, message: error.message, ...issues },
          }),
        );
      } else io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    const internal =
      error instanceof InternalError ? error : new InternalError(describe(error), { cause: error });
    if (json) {
      io.stdout(
        errorJson({
          ok: false,
          exitCode: EXIT.internal,
          error: { code: 'INTERNAL', message: `internal error: ${internal.message}` },
        }),
      );
    }
    // The stack goes to stderr with or without --json: it is for the bug report, not for tools.
    io.stderr(
      `locksmith: internal error: ${internal.message}\n` +
        'This is a bug in locksmith, not in your catalog. Please report it with the command you ran.\n' +
        `${stackOf(internal.cause ?? internal)}\n`,
    );
    return EXIT.internal;
  }
}

async function dispatch(argv: readonly string[], io: CliIo, deps: CliDependencies): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    const line = parseCommandLine(argv, { name: 'locksmith', options: GLOBAL_OPTIONS });
    if (line.options.version === true) {
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    }
    if (line.help) {
      io.stdout(mainHelp());
      return EXIT.ok;
    }
    io.stderr(mainHelp());
    return EXIT.usage;
  }
  const command = findCommand(first);
  if (!command) {
    const names = COMMANDS.map((c) => c.name);
    throw new ExitError(
      EXIT.usage,
      `locksmith: unknown command "${first}"${hint(first, names)}. Run \`locksmith --help\`.`,
    );
  }
  const line = parseCommandLine(rest, command);
  if (line.help) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  return run(command, line.options, io, deps);
}

/** Runs a parsed command: the generator's own, or an operation from @locksmith/ops. */
async function run(
  command: CommandSpec,
  options: OptionValues,
  io: CliIo,
  deps: CliDependencies,
): Promise<number> {
  if (command.runs === 'operations') {
    const [operations, { GENERATOR_HOOKS }] = await Promise.all([
      loadOperations(command.name, deps.loadOperations ?? importOperations),
      import('./generator-hooks.js'),
    ]);
    // The parser built `options` from this command's declaration, so they have its declared type.
    const name = command.name as OperationName;
    return operations.runOperation(name, options as unknown as OperationOptions[typeof name], {
      io,
      env: deps.env ?? process.env,
      interactive: deps.interactive ?? Boolean(process.stderr.isTTY),
      generator: GENERATOR_HOOKS,
    });
  }
  // Commands load lazily: `--help` and `--version` should not pay for the TypeScript toolchain.
  const cache =
    deps.cache === undefined ? (await import('@locksmith/schema/cache')).openDiskCache(io.cwd) : deps.cache;
  try {
    if (command.name === 'gen') {
      const [{ genCommand }, { EMITTERS }] = await Promise.all([
        import('./commands/gen.js'),
        import('../emitters/index.js'),
      ]);
      const values = options as ParsedOptions<typeof GEN>;
      const run = { cache: cache ?? undefined, signal: deps.signal };
      const interactive = deps.interactive ?? Boolean(process.stderr.isTTY);
      if (values.watch) {
        const { watchCatalog } = await import('./commands/watch.js');
        return await watchCatalog(values, io, deps.emitters ?? EMITTERS, run);
      }
      return await genCommand(values, io, deps.emitters ?? EMITTERS, { ...run, interactive });
    }
    if (command.name === 'plan') {
      const { planCommand } = await import('./commands/plan.js');
      return await planCommand(options as ParsedOptions<typeof PLAN>, io, cache ?? undefined);
    }
    if (command.name === 'validate') {
      // validate renders every artifact in memory, so it reports exactly what gen would refuse.
      const [{ validateCommand }, { EMITTERS }] = await Promise.all([
        import('./commands/validate.js'),
        import('../emitters/index.js'),
      ]);
      return await validateCommand(
        options as ParsedOptions<typeof VALIDATE>,
        io,
        deps.emitters ?? EMITTERS,
        cache ?? undefined,
        deps.interactive ?? Boolean(process.stderr.isTTY),
      );
    }
  } finally {
    cache?.flush();
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
