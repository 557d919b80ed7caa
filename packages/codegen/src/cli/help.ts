import { COMMANDS, GLOBAL_OPTIONS } from './declarations/index.js';
import type { CommandSpec, OptionSpec } from './spec.js';

/** `--help` of one command. */
export function commandHelp(command: CommandSpec): string {
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...optionLines(command.options),
    '',
  ].join('\n');
}

/** `locksmith --help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: locksmith <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Run `locksmith <command> --help` for the options of a command.',
    'Exit codes: 0 ok, 1 drift found by --check, 2 invalid catalog or usage, 3 access changes found by plan,',
    '70 internal error (a bug).',
    '',
  ].join('\n');
}

function optionLines(options: readonly OptionSpec[]): string[] {
  const flags = options.map(flag);
  const width = Math.max(...flags.map((f) => f.length));
  return options.map((o, i) => {
    const shownDefault = typeof o.default === 'string' ? ` (default: ${o.default})` : '';
    return `  ${flags[i]!.padEnd(width)}  ${o.description}${shownDefault}`;
  });
}

function flag(option: OptionSpec): string {
  return option.type === 'string' ? `--${option.name} ${option.valueName ?? 'VALUE'}` : `--${option.name}`;
}

/** The Markdown options table of every command, as embedded in docs/codegen.md. */
export function optionsMarkdown(): string {
  const out: string[] = ['#### `locksmith`', '', '```', 'locksmith <command> [options]', '```', ''];
  out.push(...optionsTable(GLOBAL_OPTIONS), '');
  for (const command of COMMANDS) {
    out.push(`#### \`locksmith ${command.name}\``, '', command.summary, '', '```', command.usage, '```', '');
    out.push(...optionsTable(command.options), '');
  }
  return out.join('\n');
}

function optionsTable(options: readonly OptionSpec[]): string[] {
  const rows = ['| Option | Type | Default | Description |', '| --- | --- | --- | --- |'];
  for (const o of options) {
    const def = o.default === undefined ? '' : `\`${String(o.default)}\``;
    rows.push(`| \`${flag(o)}\` | ${o.type} | ${def} | ${o.description.replace(/\|/g, '\\|')} |`);
  }
  return rows;
}
