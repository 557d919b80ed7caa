import { parseArgs } from 'node:util';
import { didYouMean } from '@locksmith/schema/suggest';
import { EXIT, ExitError } from './errors.js';
import { type CommandSpec, camelCase, type OptionSpec } from './spec.js';

/** Parsed option values keyed by camel-cased option name, plus `positionals` when the command takes them. */
export type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/**
 * What the command line asked for. With `help`, the options are as given (defaults applied) but
 * unchecked: help is printed whatever else is wrong.
 */
export interface CommandLine {
  readonly help: boolean;
  readonly options: OptionValues;
}

/** What the parser needs to know about a command (global options parse as a command named `locksmith`). */
export type ParseTarget = Pick<CommandSpec, 'name' | 'options'> & Pick<Partial<CommandSpec>, 'positionals'>;

/** ` (did you mean X?)`, or nothing when no candidate is close. */
export function hint(input: string, candidates: readonly string[], prefix = ''): string {
  const best = didYouMean(input, candidates);
  return best === undefined ? '' : ` (did you mean ${prefix}${best}?)`;
}

/**
 * The one parser of every `locksmith` command, driven by its declaration: unknown flags (with a
 * did-you-mean), missing values and stray arguments are usage errors; with `--help` nothing else
 * is checked; then, in declaration order, required flags must be there and flags with `choices`
 * must hold one of them. Defaults are applied, an empty value of a flag without a default counts
 * as absent, and keys are camel-cased for the handler.
 */
export function parseCommandLine(args: readonly string[], command: ParseTarget): CommandLine {
  const config = {
    args: [...args],
    options: Object.fromEntries(
      command.options.map((o) => [
        o.name,
        o.default === undefined ? { type: o.type } : { type: o.type, default: o.default },
      ]),
    ),
    allowPositionals: true,
  };
  const { values, positionals, tokens } = parseArgs({ ...config, strict: false, tokens: true });
  checkTokens(command, tokens);
  if (values.help === true) {
    const given = command.options.map((o) => [camelCase(o.name), values[o.name]] as const);
    return { help: true, options: Object.fromEntries(given) as OptionValues };
  }
  if (positionals.length > 0 && command.positionals === undefined) {
    throw usage(`${command.name}: unexpected argument "${positionals[0]}". See --help.`);
  }
  const options: Record<string, string | boolean | readonly string[] | undefined> = {};
  for (const spec of command.options) {
    if (spec.name === 'help') continue;
    options[camelCase(spec.name)] = checked(command.name, spec, values[spec.name]);
  }
  if (command.positionals !== undefined) options.positionals = positionals;
  return { help: false, options };
}

function checked(
  command: string,
  spec: OptionSpec,
  raw: string | boolean | (string | boolean)[] | undefined,
): string | boolean | undefined {
  const value = raw === '' && spec.default === undefined ? undefined : raw;
  if (Array.isArray(value)) throw new TypeError(`--${spec.name} is declared as a single value`);
  if (spec.required && value === undefined) {
    throw usage(`${command}: --${spec.name} is required. See --help.`);
  }
  if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
    throw usage(
      `${command}: --${spec.name} must be one of ${spec.choices.join(', ')}${hint(value, spec.choices)}.`,
    );
  }
  return value;
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * What Node's strict mode would refuse, said in our words with advice that applies: an unknown
 * flag (with a did-you-mean), a flag that needs a value and has none (or is followed by another
 * flag), and a value given to a switch.
 */
function checkTokens(command: ParseTarget, tokens: readonly Token[]): void {
  const known = command.options.map((o) => o.name);
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = command.options.find((o) => o.name === token.name);
    if (!spec) {
      throw usage(
        `${command.name}: unknown option ${token.rawName}${hint(token.name, known, '--')}. See --help.`,
      );
    }
    const shown = `--${spec.name} ${spec.valueName ?? 'VALUE'}`;
    if (spec.type === 'string' && token.value === undefined) {
      throw usage(`${command.name}: --${spec.name} needs a value: ${shown}. See --help.`);
    }
    if (spec.type === 'string' && !token.inlineValue && token.value?.startsWith('-')) {
      throw usage(
        `${command.name}: --${spec.name} needs a value, and "${token.value}" looks like an option: ${shown}` +
          ` (a value that starts with "-" is written --${spec.name}=${token.value}). See --help.`,
      );
    }
    if (spec.type === 'boolean' && token.inlineValue) {
      throw usage(
        `${command.name}: --${spec.name} is a switch and takes no value: write --${spec.name}, not ${token.rawName}=${token.value}. See --help.`,
      );
    }
  }
}

function usage(message: string): ExitError {
  return new ExitError(EXIT.usage, message);
}
