import type { CliIo } from '../cli/io.js';
import type { OptionValues } from '../cli/parse.js';

/** Environment variables as the operations commands read them (the process's, or a test's). */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/** Everything one operations command runs with. */
export interface OpsContext {
  readonly io: CliIo;
  readonly values: OptionValues;
  /** Arguments after the options (only `import` and `seal` take any). */
  readonly positionals: readonly string[];
  readonly env: EnvVars;
  /** Draw a progress indicator on stderr (an interactive terminal, not --json). */
  readonly progress: boolean;
}

/** A string option, or undefined when absent or empty. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
