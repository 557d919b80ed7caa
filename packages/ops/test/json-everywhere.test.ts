import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CliErrorDocument, COMMANDS } from '@locksmith/codegen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';
import { runOps } from './helpers/ops.js';

/** A catalog with a schema problem and a rule problem, so the JSON must carry both, located. */
const BROKEN = [
  'version: 1',
  'project: shop',
  'environments: [dev]',
  'providers:',
  '  aws: { region: us-east-1, accountId: "123456789012" }',
  'services:',
  '  api: {}',
  'secrets:',
  '  db:',
  '    provider: aws',
  '    schema: { type: string, env: DB_URL }',
  '    readers: [ap1]',
  '',
].join('\n');

/** Values for the required flags that are not about the catalog. */
const REQUIRED: Readonly<Record<string, string>> = {
  env: 'dev',
  cert: 'cert.pem',
  from: 'aws',
  to: 'vault',
  replicas: '3',
  // plan reads the working catalog first, so its base is never reached here.
  base: 'broken.yaml',
};

/** The smallest valid command line of each command, pointed at the broken catalog. */
function argsFor(command: (typeof COMMANDS)[number]): string[] {
  // import reads no catalog: it extends one, then reports what the result still lacks.
  if (command.name === 'import')
    return ['import', '--from', 'dotenv', '--into', 'extended.yaml', 'app/.env', '--json'];
  const args = [command.name];
  for (const option of command.options)
    if (option.required) args.push(`--${option.name}`, REQUIRED[option.name]!);
  return [...args, '--catalog', 'broken.yaml', '--json'];
}

let world: { dir: string; env: Record<string, string> };
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  world = { dir: temp.dir, env: {} };
  await writeFile(join(temp.dir, 'broken.yaml'), BROKEN);
  await writeFile(join(temp.dir, 'cert.pem'), 'not read: the catalog fails first');
  await mkdir(join(temp.dir, 'app'));
  await writeFile(join(temp.dir, 'app/.env'), 'API_TOKEN=\n');
});
afterAll(() => cleanup());

describe('--json on every command, failures included', () => {
  it('every command declares --json', () => {
    expect(COMMANDS.filter((c) => !c.options.some((o) => o.name === 'json')).map((c) => c.name)).toEqual([]);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s --json prints an invalid catalog as JSON on stdout, every issue located, and nothing on stderr',
    async (_name, command) => {
      await writeFile(join(world.dir, 'extended.yaml'), BROKEN);
      const result = await runOps(world, argsFor(command));
      expect(result.stderr).toBe('');
      const document = JSON.parse(result.stdout) as CliErrorDocument | { ok: boolean; issues: unknown[] };
      expect(document.ok).toBe(false);
      const issues = 'error' in document ? document.error.issues : document.issues;
      // Located: line 12 of the file (import has added its secret above it by then).
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            // Relative to the working directory, as typed and as CI annotations want it.
            file: command.name === 'import' ? 'extended.yaml' : 'broken.yaml',
            code: 'unknown-reader',
            line: command.name === 'import' ? expect.any(Number) : 12,
            column: 15,
            pointer: '/secrets/db/readers/0',
            hint: 'Did you mean "api"?',
          }),
        ]),
      );
      if ('error' in document) {
        expect(document).toMatchObject({ exitCode: 2, error: { code: 'CATALOG_INVALID' } });
        expect(result.code).toBe(2);
      } else expect(result.code).toBe(1); // import wrote its additions; the catalog still needs work
    },
  );

  it('prints usage errors as JSON too, even when the command line itself is wrong, with a did-you-mean', async () => {
    const cases: [string[], string][] = [
      [['genn', '--json'], 'locksmith: unknown command "genn" (did you mean gen?). Run `locksmith --help`.'],
      [
        ['gen', '--catalg', 'x', '--json'],
        'gen: unknown option --catalg (did you mean --catalog?). See --help.',
      ],
      [['audit', '--json'], 'audit: --env is required. See --help.'],
      [['gen', '--only', 'iamm', '--json'], 'gen: unknown kind "iamm" in --only (did you mean iam?)'],
    ];
    for (const [argv, message] of cases) {
      const result = await runOps(world, argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toBe('');
      const document = JSON.parse(result.stdout) as CliErrorDocument;
      expect(document).toMatchObject({ ok: false, exitCode: 2, error: { code: 'USAGE' } });
      expect(document.error.message.startsWith(message), document.error.message).toBe(true);
    }
  });

  it('prints a store that cannot be reached as a STORE error', async () => {
    await writeFile(join(world.dir, 'ok.yaml'), BROKEN.replace('readers: [ap1]', 'readers: [api]'));
    const result = await runOps({ ...world, env: { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' } }, [
      'audit',
      '--env',
      'dev',
      '--catalog',
      'ok.yaml',
      '--aws-endpoint',
      'http://127.0.0.1:9',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      exitCode: 1,
      error: {
        code: 'STORE',
        message: expect.stringMatching(/^audit: aws: DescribeSecret shop\/dev\/db failed/),
      },
    });
  });
});
