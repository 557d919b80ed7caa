import { parseArgs } from 'node:util';
import { EXIT, ExitError } from './errors.js';
import type { OptionSpec } from './options.js';

/** Parsed option values: strings and booleans keyed by option name. */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** Parses `args` against the declared options, applying defaults; unknown options are usage errors. */
export function parseOptions(
  args: readonly string[],
  specs: readonly OptionSpec[],
  command: string,
): OptionValues {
  const options: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }> = {};
  for (const spec of specs) {
    options[spec.name] =
      spec.default === undefined ? { type: spec.type } : { type: spec.type, default: spec.default };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      throw new ExitError(EXIT.usage, `${command}: unexpected argument "${positionals[0]}". See --help.`);
    }
    return values;
  } catch (error) {
    if (error instanceof ExitError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ExitError(EXIT.usage, `${command}: ${message}. See --help.`);
  }
}
