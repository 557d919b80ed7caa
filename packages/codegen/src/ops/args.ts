import { parseArgs } from 'node:util';
import { EXIT, ExitError } from '../cli/errors.js';
import type { CommandSpec } from '../cli/options.js';
import type { OptionValues } from '../cli/parse.js';

/** Commands whose usage takes positional arguments (input files, KV paths). */
const TAKES_POSITIONALS = new Set(['import', 'seal']);

/**
 * Parses an operations command's arguments against its declared options. Like the CLI's own
 * parser, but `import` and `seal` also accept positionals (the files or path to read).
 */
export function parseOpsArgs(
  command: CommandSpec,
  args: readonly string[],
): { values: OptionValues; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }> = {};
  for (const spec of command.options) {
    options[spec.name] =
      spec.default === undefined ? { type: spec.type } : { type: spec.type, default: spec.default };
  }
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ExitError(EXIT.usage, `${command.name}: ${message}. See --help.`);
  }
  if (parsed.positionals.length > 0 && !TAKES_POSITIONALS.has(command.name)) {
    throw new ExitError(
      EXIT.usage,
      `${command.name}: unexpected argument "${parsed.positionals[0]}". See --help.`,
    );
  }
  return parsed;
}

/** A required string option; missing is a usage error naming the flag. */
export function requireOption(values: OptionValues, command: string, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    throw new ExitError(EXIT.usage, `${command}: --${name} is required. See --help.`);
  }
  return value;
}

/** Fails with a usage error unless `value` is one of `allowed`. */
export function oneOf<T extends string>(
  command: string,
  name: string,
  value: string,
  allowed: readonly T[],
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ExitError(EXIT.usage, `${command}: --${name} must be one of ${allowed.join(', ')}.`);
}
