import type { Catalog } from '@locksmith/schema';
import type { GeneratedFile } from '../generated-file.js';
import { OPERATION_COMMANDS, type OperationName, type OperationOptions } from './declarations/index.js';
import { EXIT, ExitError } from './errors.js';

/** The package that implements the operations commands; an optional peer of this one. */
export const OPERATIONS_PACKAGE = '@locksmith/ops';

/** Environment variables as an operation reads them (the process's, or a test's). */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/**
 * What the operations need from the generator, handed in from here so that @locksmith/ops never
 * imports this package: doctor compares policies with what `gen` writes, seal names its Secrets
 * like the ExternalSecrets do.
 */
export interface GeneratorHooks {
  iamPolicies(catalog: Catalog): readonly GeneratedFile[];
  vaultPolicies(catalog: Catalog): readonly GeneratedFile[];
  kubernetesSecretName(service: string, secret: string): string;
}

/** What an operation runs with besides its options. */
export interface OperationContext {
  readonly io: {
    readonly cwd: string;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
  };
  readonly env: EnvVars;
  /** stderr is an interactive terminal (progress lines allowed). */
  readonly interactive: boolean;
  readonly generator: GeneratorHooks;
}

/**
 * The contract @locksmith/ops implements: run one operation with the options this CLI parsed from
 * its declarations, return the exit code. @locksmith/ops checks at compile time that it fits.
 */
export interface OperationsModule {
  runOperation<N extends OperationName>(
    name: N,
    options: OperationOptions[N],
    context: OperationContext,
  ): Promise<number>;
}

/** Loads the operations package; replaceable so tests can run it from its sources. */
export type OperationsLoader = () => Promise<OperationsModule>;

/** The installed @locksmith/ops, imported only when an operations command runs. */
export const importOperations: OperationsLoader = () =>
  import(OPERATIONS_PACKAGE) as Promise<OperationsModule>;

/**
 * Loads @locksmith/ops. When it is not installed, the command fails as a usage error that says
 * how to install it; any other failure (a broken install) is left to be reported as a bug.
 */
export async function loadOperations(command: string, load: OperationsLoader): Promise<OperationsModule> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingPackage(error, OPERATIONS_PACKAGE)) throw error;
    throw new ExitError(
      EXIT.usage,
      `locksmith ${command}: the operations commands (${OPERATION_COMMANDS.map((c) => c.name).join(', ')}) ` +
        `come with the ${OPERATIONS_PACKAGE} package, which is not installed.\n` +
        `Install it next to @locksmith/codegen, e.g. \`npm install --save-dev ${OPERATIONS_PACKAGE}\`, and run the command again.`,
    );
  }
}

/** Node's "Cannot find package 'X'" for exactly `name` (not for some package that `name` imports). */
function isMissingPackage(error: unknown, name: string): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`'${name}'`)
  );
}
