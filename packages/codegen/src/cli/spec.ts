/**
 * The shape of the CLI's declaration table. Every command is declared once, as data, in
 * `declarations/`; the parser, `--help`, the options table in docs/codegen.md and the
 * did-you-mean hints all read the same declarations, and {@link ParsedOptions} derives from them
 * the typed options a command's handler receives.
 */

/** One command-line option. */
export interface OptionSpec {
  /** The flag without dashes (`dry-run`); handlers see it camel-cased (`dryRun`). */
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown in help as `--name VALUE`. */
  readonly valueName?: string;
  readonly default?: string | boolean;
  /** The command refuses to run without it (checked before the command loads). */
  readonly required?: boolean;
  /** The only values allowed; anything else is a usage error with a did-you-mean hint. */
  readonly choices?: readonly string[];
}

/** Arguments after the options, for the commands that take some (input files, a KV path). */
export interface PositionalSpec {
  readonly valueName: string;
  readonly description: string;
}

/** One sub-command. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: readonly OptionSpec[];
  readonly positionals?: PositionalSpec;
  /**
   * `generate`: implemented in this package. `operations`: implemented in @locksmith/ops, which the
   * CLI loads only when such a command runs.
   */
  readonly runs: 'generate' | 'operations';
}

/** `dry-run` → `dryRun`, `price-10k-calls` → `price10kCalls`. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The same conversion at run time. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

type ChoiceOf<O extends OptionSpec> = O extends { readonly choices: readonly (infer C)[] } ? C : string;

/** What the parser hands over for one option: booleans always, strings when required or defaulted. */
type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean'
  ? boolean
  : O extends { readonly required: true } | { readonly default: string }
    ? ChoiceOf<O>
    : ChoiceOf<O> | undefined;

/**
 * The typed, parsed options of command `C`, keyed by camel-cased flag name (`--help` excluded:
 * the CLI answers it itself), plus `positionals` for the commands that declare them.
 */
export type ParsedOptions<C extends CommandSpec> = {
  readonly [O in Exclude<C['options'][number], { readonly name: 'help' }> as CamelCase<
    O['name']
  >]: ValueOf<O>;
} & (C extends { readonly positionals: PositionalSpec }
  ? { readonly positionals: readonly string[] }
  : unknown);
