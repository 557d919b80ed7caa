import { describe, expect, it } from 'vitest';
import { COMMANDS, COPY, findCommand, GEN, IMPORT } from '../src/cli/declarations/index.js';
import { ExitError } from '../src/cli/errors.js';
import { runCli } from '../src/cli/main.js';
import { parseCommandLine } from '../src/cli/parse.js';
import type { CommandSpec } from '../src/cli/spec.js';

/** The usage error a command line produces (exit 2), or a failure when it parses. */
function usageError(args: string[], command: CommandSpec = COPY): string {
  try {
    parseCommandLine(args, command);
  } catch (error) {
    expect(error).toBeInstanceOf(ExitError);
    expect((error as ExitError).exitCode).toBe(2);
    return (error as ExitError).message;
  }
  throw new Error(`${command.name} ${args.join(' ')} parsed`);
}

const copyArgs = ['--from', 'aws', '--to', 'vault', '--env', 'staging'];

describe('the one parser', () => {
  it('hands a command its declared options, camel-cased, with defaults and absent flags as undefined', () => {
    const line = parseCommandLine([...copyArgs, '--dry-run', '--vault-addr', ''], COPY);
    expect(line).toEqual({
      help: false,
      options: {
        catalog: './secrets.catalog.yaml',
        from: 'aws',
        to: 'vault',
        env: 'staging',
        dryRun: true,
        awsEndpoint: undefined,
        vaultAddr: undefined,
        json: false,
      },
    });
  });

  it('passes positionals only to commands that declare them', () => {
    const line = parseCommandLine(['--from', 'dotenv', '--out', 'c.yaml', 'web/.env'], IMPORT);
    expect(line.options['positionals']).toEqual(['web/.env']);
    expect(usageError([...copyArgs, 'extra'])).toBe('copy: unexpected argument "extra". See --help.');
  });

  it('names a missing required flag, in declaration order', () => {
    expect(usageError(['--to', 'vault'])).toBe('copy: --from is required. See --help.');
    expect(usageError(['--from', 'aws', '--to', 'vault'])).toBe('copy: --env is required. See --help.');
  });

  it('refuses a value outside the declared choices, suggesting the nearest', () => {
    expect(usageError(['--from', 'vualt', '--to', 'aws', '--env', 'x'])).toBe(
      'copy: --from must be one of aws, vault (did you mean vault?).',
    );
    expect(usageError(['--from', 'gcp', '--to', 'aws', '--env', 'x'])).toBe(
      'copy: --from must be one of aws, vault.',
    );
  });

  it('refuses an unknown flag, suggesting the declared one it resembles', () => {
    expect(usageError([...copyArgs, '--dryrun'])).toBe(
      'copy: unknown option --dryrun (did you mean --dry-run?). See --help.',
    );
    expect(usageError(['--frobnicate'], GEN)).toBe('gen: unknown option --frobnicate. See --help.');
    expect(usageError(['-x'], GEN)).toBe('gen: unknown option -x. See --help.');
  });

  it('says in its own words what a missing value or a value given to a switch is, with advice that applies', () => {
    expect(usageError([...copyArgs, '--env'])).toBe('copy: --env needs a value: --env ENV. See --help.');
    expect(usageError(['--from', '--to', 'vault'])).toBe(
      'copy: --from needs a value, and "--to" looks like an option: --from STORE ' +
        '(a value that starts with "-" is written --from=--to). See --help.',
    );
    expect(usageError([...copyArgs, '--json=yes'])).toBe(
      'copy: --json is a switch and takes no value: write --json, not --json=yes. See --help.',
    );
    // A value that starts with a dash, written as the message says, is a value.
    expect(parseCommandLine(['--from', 'aws', '--to', 'vault', '--env=-x'], COPY).options['env']).toBe('-x');
    // Balanced quotes and no advice about positionals (Node's text had both wrong for these).
    for (const message of [usageError([...copyArgs, '--env']), usageError(['-e'], GEN)]) {
      expect(message).not.toMatch(/positional|'--/);
      expect(message.split('"').length % 2).toBe(1);
    }
  });

  it('answers --help without checking anything else', () => {
    expect(parseCommandLine(['--help', '--from', 'nowhere'], COPY).help).toBe(true);
  });

  it('covers every declared command: each parses its defaults and declares --help last', () => {
    for (const command of COMMANDS) {
      expect(findCommand(command.name)).toBe(command);
      expect(command.options.at(-1)?.name, command.name).toBe('help');
      const required = command.options.filter((o) => o.required);
      const args = required.flatMap((o) => [`--${o.name}`, o.choices?.[0] ?? 'x']);
      expect(parseCommandLine(args, command).help).toBe(false);
    }
  });
});

describe('unknown commands', () => {
  it('suggest the declared command they resemble', async () => {
    let stderr = '';
    const io = { cwd: process.cwd(), color: false, stdout: () => {}, stderr: (t: string) => (stderr += t) };
    expect(await runCli(['doctr'], io)).toBe(2);
    expect(stderr).toBe(
      'locksmith: unknown command "doctr" (did you mean doctor?). Run `locksmith --help`.\n',
    );
    stderr = '';
    expect(await runCli(['deploy'], io)).toBe(2);
    expect(stderr).toBe('locksmith: unknown command "deploy". Run `locksmith --help`.\n');
  });
});
