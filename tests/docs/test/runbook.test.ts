import * as SecretsManager from '@aws-sdk/client-secrets-manager';
import {
  type FakeSecretsManager,
  type FakeVault,
  startFakeSecretsManager,
  startFakeVault,
} from '@locksmith/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeBlocks } from '../src/markdown.js';

/**
 * The rollback commands of docs/rotation-runbook.md, made on the fakes: the AWS CLI lines become the
 * AWS SDK calls the CLI makes (operation and flags map one to one), the Vault CLI lines the reads and
 * writes `vault kv` makes. A command that drops a required flag fails here as it would in production.
 */
const runbook = codeBlocks('docs/rotation-runbook.md');
const commandsOf = (tool: string) =>
  runbook
    .filter((b) => b.lang === 'sh' && b.code.includes(`${tool} `))
    .flatMap((b) => b.code.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith(`${tool} `))
    .map((line) => line.split(/\s+/));

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** What `aws secretsmanager OP --flag value…` sends: `OpCommand({ Flag: value })`; `--query` only filters the output. */
async function awsCli(
  client: SecretsManager.SecretsManagerClient,
  words: string[],
  values: Record<string, string>,
) {
  const [, service, operation, ...flags] = words;
  expect(service).toBe('secretsmanager');
  const input: Record<string, string> = {};
  for (let i = 0; i < flags.length; i += 2) {
    const flag = flags[i]!;
    expect(flag.startsWith('--'), `${flag} in ${words.join(' ')}`).toBe(true);
    if (flag === '--query') continue;
    input[pascal(flag.slice(2))] = flags[i + 1]!.replace(/<([a-z-]+)>/g, (_, name: string) => values[name]!);
  }
  const Command = (SecretsManager as unknown as Record<string, new (input: object) => never>)[
    `${pascal(operation!)}Command`
  ];
  expect(Command, `aws secretsmanager ${operation}`).toBeDefined();
  return client.send(new Command!(input));
}

/** What `vault kv …` does over HTTP for the subcommands the runbook uses. */
async function vaultCli(vault: FakeVault, words: string[], values: Record<string, string>) {
  const [, group, command, ...afterCommand] = words.map((w) =>
    w.replace(/<([a-z-]+)>/g, (_, name: string) => values[name]!),
  );
  expect(group).toBe('kv');
  // `vault kv metadata get …`: the metadata command has its own subcommand.
  const rest = command === 'metadata' ? afterCommand.slice(1) : afterCommand;
  if (command === 'metadata') expect(afterCommand[0]).toBe('get');
  const flags = Object.fromEntries(
    rest.filter((w) => w.startsWith('-')).map((w) => w.slice(1).split('=', 2)),
  );
  const paths = rest.filter((w) => !w.startsWith('-'));
  expect(paths, `one secret path in ${words.join(' ')}`).toHaveLength(1);
  expect(flags.mount, `-mount in ${words.join(' ')}`).toBeDefined();
  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${vault.endpoint}/v1/${flags.mount}/${path}`, {
      method,
      headers: { 'X-Vault-Token': vault.rootToken, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return (await response.json()) as { data: Record<string, unknown> };
  };
  if (command === 'metadata') return call('GET', `metadata/${paths[0]}`);
  expect(command).toBe('rollback');
  expect(flags.version, `-version in ${words.join(' ')}`).toMatch(/^\d+$/);
  // The CLI reads the version to restore and writes its data as the newest version (check-and-set).
  const old = await call('GET', `data/${paths[0]}?version=${flags.version}`);
  const metadata = await call('GET', `metadata/${paths[0]}`);
  return call('POST', `data/${paths[0]}`, {
    data: old.data.data,
    options: { cas: metadata.data.current_version },
  });
}

let aws: FakeSecretsManager;
let vault: FakeVault;
beforeEach(async () => {
  [aws, vault] = await Promise.all([startFakeSecretsManager(), startFakeVault()]);
});
afterEach(async () => {
  await Promise.all([aws.close(), vault.close()]);
});

describe('the rollback commands of the rotation runbook', () => {
  it('AWS: puts AWSCURRENT back on the previous version', async () => {
    const id = 'shop/prod/session-key';
    const first = aws.store.create(id, 'session-key-v1-000000000000000000000000');
    const second = aws.store.set(id, 'session-key-v2-000000000000000000000000');
    const client = new SecretsManager.SecretsManagerClient({
      region: aws.region,
      endpoint: aws.endpoint,
      credentials: aws.credentials,
    });
    try {
      const values = {
        'previous-version-id': String(first.versionId),
        'current-version-id': second.versionId,
      };
      const commands = commandsOf('aws');
      expect(commands.map((c) => c[2])).toEqual(['describe-secret', 'update-secret-version-stage']);
      for (const command of commands) await awsCli(client, command, values);
      const now = await client.send(new SecretsManager.GetSecretValueCommand({ SecretId: id }));
      expect(now).toMatchObject({
        VersionId: first.versionId,
        SecretString: 'session-key-v1-000000000000000000000000',
      });
      // What the runbook said before: without --remove-from-version-id, AWS refuses the move.
      const withoutRemove = commands[1]!.slice(0, commands[1]!.indexOf('--remove-from-version-id'));
      await expect(
        awsCli(client, withoutRemove, { 'previous-version-id': second.versionId }),
      ).rejects.toThrow(expect.objectContaining({ name: 'InvalidParameterException' }));
    } finally {
      client.destroy();
    }
  });

  it('Vault: writes the chosen version back as the newest', async () => {
    const path = 'shop/prod/jwt-signing-key';
    vault.kv.put(path, { value: 'jwt-v1' });
    vault.kv.put(path, { value: 'jwt-v2-bad' });
    const commands = commandsOf('vault');
    expect(commands.map((c) => c.slice(0, 3).join(' '))).toEqual(['vault kv metadata', 'vault kv rollback']);
    for (const command of commands) await vaultCli(vault, command, { n: '1' });
    expect(vault.kv.get(path)?.data).toEqual({ value: 'jwt-v1' });
    expect(vault.kv.versions(path)).toHaveLength(3);
    // What the runbook said before (`vault kv rollback -version=<n>`) names no secret.
    await expect(vaultCli(vault, ['vault', 'kv', 'rollback', '-version=1'], {})).rejects.toThrow(
      /one secret path/,
    );
  });
});
