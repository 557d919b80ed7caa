import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type CliIo, emitIam, emitVault, runCli } from '@locksmith/codegen';
import { type Catalog, loadCatalog } from '@locksmith/schema';
import {
  createFakeClock,
  createTestSecrets,
  type FakeClock,
  type FakeSecretsManager,
  type FakeVault,
  seedFakes,
  startFakeSecretsManager,
  startFakeVault,
  type TestSecretValue,
} from '@locksmith/testkit';
import { EXAMPLE_CATALOG } from './catalogs.js';
import { tempDir } from './cli.js';

/** The environment the ops tests work on: it has AWS and Vault placements and every service. */
export const ENV = 'staging';

/** A temporary project with the example catalog, fake stores seeded for {@link ENV}, and its values. */
export interface OpsWorld {
  readonly dir: string;
  readonly catalogFile: string;
  readonly catalog: Catalog;
  readonly aws: FakeSecretsManager;
  readonly vault: FakeVault;
  readonly clock: FakeClock;
  /** Every seeded value, to prove none of them is ever printed or written. */
  readonly values: Record<string, TestSecretValue>;
  readonly env: Record<string, string>;
  /** Flags that point the commands at the fakes. */
  readonly storeFlags: string[];
  close(): Promise<void>;
}

/** Every string a value consists of (whole strings and object fields). */
export function valueStrings(values: Readonly<Record<string, TestSecretValue>>): string[] {
  return Object.values(values).flatMap((v) =>
    typeof v === 'object'
      ? Object.values(v)
          .map(String)
          .filter((s) => s.length >= 8)
      : [String(v)],
  );
}

/**
 * Starts both fakes on one fake clock, seeds every staging secret with valid values, turns on
 * managed rotation as catalogued, stores the generated Vault policies and writes the generated
 * IAM policies next to a copy of the example catalog: a clean world that tests then break.
 */
export async function startOpsWorld(): Promise<OpsWorld> {
  const { dir, cleanup } = await tempDir();
  const catalogFile = join(dir, 'secrets.catalog.yaml');
  await copyFile(EXAMPLE_CATALOG, catalogFile);
  const catalog = await loadCatalog(catalogFile);
  const clock = createFakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const aws = await startFakeSecretsManager({ clock });
  const vault = await startFakeVault({ clock });
  const values = createTestSecrets(catalog, {}, { random: 8 });
  seedFakes({ aws, vault }, catalog, ENV, values);
  const client = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: aws.endpoint,
    credentials: aws.credentials,
  });
  for (const secret of catalog.secrets.filter((s) => s.rotation.strategy === 'managed')) {
    const placement = secret.placements.find((p) => p.environment === ENV);
    if (placement?.provider !== 'aws' || !secret.rotation.every) continue;
    await client.send(
      new RotateSecretCommand({
        SecretId: placement.path,
        RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:rotate',
        RotationRules: { AutomaticallyAfterDays: Math.round(secret.rotation.every.ms / 86_400_000) },
        RotateImmediately: false,
      }),
    );
  }
  client.destroy();
  for (const file of emitVault(catalog).filter(
    (f) => f.path.startsWith(`vault/${ENV}/`) && f.path.endsWith('.hcl'),
  )) {
    const name = /# Vault policy "([^"]+)"/.exec(file.contents)?.[1];
    if (name) vault.setPolicy(name, file.contents);
  }
  for (const file of emitIam(catalog)) {
    const target = join(dir, 'generated', file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
  const env = {
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    VAULT_TOKEN: vault.rootToken,
  };
  return {
    dir,
    catalogFile,
    catalog,
    aws,
    vault,
    clock,
    values,
    env,
    storeFlags: ['--aws-endpoint', aws.endpoint, '--vault-addr', vault.endpoint],
    async close() {
      await Promise.all([aws.close(), vault.close()]);
      await cleanup();
    },
  };
}

/** What a command printed and returned. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** This package's sources, as the CLI would load the installed package. */
const loadOperations = () => import('../../src/index.js');

/**
 * Runs `locksmith <command> ...args` in process, as the bin does (the CLI parses the arguments
 * and hands the operation its typed options), against the world's fakes and environment; stderr
 * is a terminal when `interactive` says so.
 */
export async function runOps(
  world: { dir: string; env: Record<string, string> },
  argv: string[],
  interactive = false,
): Promise<RunResult> {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    cwd: world.dir,
    color: false,
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
  };
  const code = await runCli(argv, io, { env: world.env, interactive, loadOperations });
  // Exit 70 is the CLI's report of a bug: the test should see it as one.
  if (code === 70) throw new Error(`locksmith ${argv.join(' ')} failed with a bug:\n${out.stderr}`);
  return { code, ...out };
}
