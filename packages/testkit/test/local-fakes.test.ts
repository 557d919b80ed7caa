import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  createTestSecrets,
  describeLocalFakes,
  makeServiceAccountJwt,
  seedFakes,
  startFakeSecretsManager,
  startFakeVault,
  startLocalFakes,
} from '../src/index.js';
import { shopCatalog } from './catalog-fixtures.js';
import { vaultClient, vaultFailure } from './vault-helpers.js';

const flatValues = (values: Record<string, unknown>): string[] =>
  Object.values(values)
    .flatMap((v) => (typeof v === 'object' && v ? Object.values(v) : [v]))
    .map(String);

describe('seedFakes', () => {
  it('writes AWS objects as JSON SecretString and Vault strings as { value }', async () => {
    const catalog = shopCatalog();
    const [aws, vault] = await Promise.all([startFakeSecretsManager(), startFakeVault()]);
    const values = createTestSecrets(catalog, {}, { environment: 'staging', random: 3 });
    const report = seedFakes({ aws, vault }, catalog, 'staging', values);
    expect(report.aws).toContain('shop/staging/database');
    expect(report.vault).toContain('secret/shop/staging/jwt-signing-key');
    expect(JSON.parse(String(aws.store.read('shop/staging/database')?.value))).toEqual(values.database);
    expect(vault.kv.get('shop/staging/jwt-signing-key')?.data).toEqual({ value: values['jwt-signing-key'] });
    seedFakes({ aws, vault }, catalog, 'staging', createTestSecrets(catalog, {}, { environment: 'staging' }));
    expect(aws.store.describe('shop/staging/database')?.versions).toHaveLength(2);
    expect(vault.kv.versions('shop/staging/jwt-signing-key')).toHaveLength(2);
    expect(() => seedFakes({ aws }, catalog, 'staging', values)).toThrow(/no fake Vault/);
    await Promise.all([aws.close(), vault.close()]);
  });
});

describe('startLocalFakes (what locksmith-fake runs)', () => {
  it('seeds both stores, gives each service its Vault login, and prints no value', async () => {
    const catalog = shopCatalog();
    const fakes = await startLocalFakes({
      awsPort: 0,
      vaultPort: 0,
      catalog,
      environment: 'staging',
      seed: 's',
    });
    try {
      const sm = new SecretsManagerClient({
        endpoint: fakes.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? '',
        region: fakes.env.AWS_REGION ?? '',
        credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'x' },
      });
      const db = await sm.send(new GetSecretValueCommand({ SecretId: 'shop/staging/database' }));
      expect(JSON.parse(db.SecretString ?? '{}').url).toBe('postgres://127.0.0.1:5432/shop');
      sm.destroy();

      // The generated role requires the catalog's audience (`vault`), as Vault would.
      const jwt = makeServiceAccountJwt({
        namespace: 'shop-staging',
        serviceAccount: 'api',
        audience: 'vault',
        issuedAtMs: fakes.vault.clock.now(),
      });
      const api = vaultClient(fakes.vault);
      await api.kubernetesLogin({ mount_point: 'kubernetes', role: 'shop-staging-api', jwt });
      expect((await api.read('secret/data/shop/staging/jwt-signing-key')).data.data.value).toMatch(
        /^[A-Za-z0-9_-]{43}$/,
      );
      // Metadata (previous versions) only where dual-key rotation needs it, as the generated policy grants.
      expect((await api.read('secret/metadata/shop/staging/jwt-signing-key')).data.current_version).toBe(1);
      expect((await vaultFailure(api.read('secret/metadata/shop/staging/payment-api-key'))).status).toBe(403);
      expect((await api.read('secret/data/shop/staging/payment-api-key')).data.data.value).toMatch(
        /^sk_test_/,
      );

      const noAudience = makeServiceAccountJwt({
        namespace: 'shop-staging',
        serviceAccount: 'api',
        issuedAtMs: fakes.vault.clock.now(),
      });
      const refused = await vaultFailure(
        vaultClient(fakes.vault).kubernetesLogin({
          mount_point: 'kubernetes',
          role: 'shop-staging-api',
          jwt: noAudience,
        }),
      );
      expect(refused.status).toBe(403);
      expect(String(refused.message)).toContain('invalid audience (aud) claim');

      // worker reads no Vault secret: codegen gives it no Vault role, and neither does the seed.
      expect(fakes.logins.map((l) => l.service)).toEqual(['api', 'billing-go']);
      const workerJwt = makeServiceAccountJwt({
        namespace: 'shop-staging',
        serviceAccount: 'worker',
        audience: 'vault',
        issuedAtMs: fakes.vault.clock.now(),
      });
      const worker = await vaultFailure(
        vaultClient(fakes.vault).kubernetesLogin({
          mount_point: 'kubernetes',
          role: 'shop-staging-worker',
          jwt: workerJwt,
        }),
      );
      expect(worker.status).toBe(400);

      const printed = describeLocalFakes(fakes);
      expect(printed).toContain(`export VAULT_ADDR=${fakes.vault.endpoint}`);
      expect(printed).toContain('aws    shop/staging/database');
      const values = createTestSecrets(catalog, {}, { environment: 'staging', random: 's' });
      for (const value of flatValues(values).filter((v) => v.length >= 8))
        expect(printed).not.toContain(value);
    } finally {
      await fakes.close();
    }
  });
});

/** Starts the command from source, as a test runner in another language would start the bin. */
function spawnFake(args: string[], stdin: 'pipe' | 'ignore') {
  const bin = fileURLToPath(new URL('../src/bin/locksmith-fake.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let out = '';
  const stdout = child.stdout as NodeJS.ReadableStream;
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const firstLine = new Promise<string>((resolve, reject) => {
    stdout.on('data', () => {
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`locksmith-fake exited (${code}) before printing a line`)));
  });
  // Tests that expect an early exit never read the line: keep that rejection from going unhandled.
  firstLine.catch(() => undefined);
  return { child, exited, firstLine, output: () => out };
}

describe('locksmith-fake --json', () => {
  it('prints one JSON line that points real clients at the fakes, and exits when stdin closes', async () => {
    const catalog = fileURLToPath(new URL('./fixtures/shop.catalog.yaml', import.meta.url));
    const run = spawnFake(
      [
        '--aws-port',
        '0',
        '--vault-port',
        '0',
        '--admin-port',
        '0',
        '--json',
        '--catalog',
        catalog,
        '--env',
        'prod',
        '--seed',
        'js',
      ],
      'pipe',
    );
    const info = JSON.parse(await run.firstLine) as {
      aws: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
      vault: { endpoint: string; token: string };
      admin: { endpoint: string; token: string };
      env: Record<string, string>;
      clock: string;
    };
    expect(info.clock).toBe('real');
    expect(info.env).toMatchObject({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: info.aws.endpoint,
      AWS_SECRETSMANAGER_ENDPOINT: info.aws.endpoint,
      AWS_REGION: info.aws.region,
      AWS_ACCESS_KEY_ID: info.aws.accessKeyId,
      AWS_SECRET_ACCESS_KEY: info.aws.secretAccessKey,
      VAULT_ADDR: info.vault.endpoint,
      VAULT_TOKEN: info.vault.token,
      LOCKSMITH_FAKE_ADMIN: info.admin.endpoint,
      LOCKSMITH_FAKE_ADMIN_TOKEN: info.admin.token,
    });
    const sm = new SecretsManagerClient({
      endpoint: info.aws.endpoint,
      region: info.aws.region,
      credentials: { accessKeyId: info.aws.accessKeyId, secretAccessKey: info.aws.secretAccessKey },
    });
    expect(
      (await sm.send(new GetSecretValueCommand({ SecretId: 'shop/prod/llm-api-key' }))).SecretString,
    ).toEqual(expect.any(String));
    sm.destroy();
    const health = await fetch(`${info.admin.endpoint}/health`, {
      headers: { authorization: `Bearer ${info.admin.token}` },
    });
    expect(await health.json()).toEqual({ ok: true });
    run.child.stdin?.end();
    expect(await run.exited).toBe(0);
    expect(run.output().trim().split('\n')).toHaveLength(1);
    const values = createTestSecrets(shopCatalog(), {}, { environment: 'prod', random: 'js' });
    for (const value of flatValues(values).filter((v) => v.length >= 8))
      expect(run.output()).not.toContain(value);
  }, 20_000);

  it('rejects a bad port with exit code 2 and the usage', async () => {
    const run = spawnFake(['--admin-port', 'eighty'], 'ignore');
    expect(await run.exited).toBe(2);
  }, 20_000);
});

describe('locksmith-fake command', () => {
  it('starts, prints endpoints and exports, and stops on SIGTERM', async () => {
    const bin = fileURLToPath(new URL('../src/bin/locksmith-fake.ts', import.meta.url));
    const catalog = fileURLToPath(new URL('./fixtures/shop.catalog.yaml', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        bin,
        '--aws-port',
        '0',
        '--vault-port',
        '0',
        '--catalog',
        catalog,
        '--env',
        'prod',
        '--seed',
        'cmd',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 1500 && !out.includes('ready'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(out).toMatch(/export AWS_ENDPOINT_URL_SECRETS_MANAGER=http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/export VAULT_TOKEN=hvs\./);
    expect(out).toContain('aws    shop/prod/llm-api-key');
    const values = createTestSecrets(shopCatalog(), {}, { environment: 'prod', random: 'cmd' });
    for (const value of flatValues(values).filter((v) => v.length >= 8)) expect(out).not.toContain(value);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 20_000);
});
