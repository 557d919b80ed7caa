import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { makeServiceAccountJwt } from '@locksmith/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../src/doctor/index.js';
import { ENV, type OpsWorld, runOps, startOpsWorld, valueStrings } from './helpers/ops.js';

let world: OpsWorld;
beforeEach(async () => {
  world = await startOpsWorld();
});
afterEach(() => world.close());

const doctor = (...extra: string[]) => runOps(world, ['doctor', '--env', ENV, ...world.storeFlags, ...extra]);

function expectNoValues(...texts: string[]) {
  for (const value of valueStrings(world.values)) for (const text of texts) expect(text).not.toContain(value);
}

describe('locksmith doctor', () => {
  it('exits 0 with a table when every secret and policy matches the catalog', async () => {
    const result = await doctor();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SECRET\s+STORE\s+EXISTS\s+SCHEMA\s+ROTATION\s+FINDINGS/);
    expect(result.stdout).toContain(`doctor: ${ENV}: all 10 secrets`);
    expectNoValues(result.stdout);
  });

  it('reports each kind of drift in JSON and exits 1, never printing a value', async () => {
    const byName = (name: string) => world.catalog.secrets.find((s) => s.name === name)!;
    const path = (name: string) => byName(name).placements.find((p) => p.environment === ENV)!.path;
    world.aws.store.remove(path('redis'));
    // A value that fails the schema: the password is too short, the URL has the wrong scheme.
    const db = world.values['database'] as Record<string, string>;
    world.aws.store.set(
      path('database'),
      JSON.stringify({ ...db, url: 'mysql://db', password: 'CANARY-short' }),
    );
    // Managed rotation configured with another interval.
    const client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: world.aws.endpoint,
      credentials: world.aws.credentials,
    });
    await client.send(
      new RotateSecretCommand({
        SecretId: path('database'),
        RotationRules: { AutomaticallyAfterDays: 7 },
        RotateImmediately: false,
      }),
    );
    client.destroy();
    // A hand-edited IAM policy file and a live Vault policy that grants something else.
    await writeFile(
      join(world.dir, 'generated/iam', ENV, 'worker.json'),
      '{"Version":"2012-10-17","Statement":[]}\n',
    );
    world.vault.setPolicy('shop-staging-api', 'path "secret/data/*" {\n  capabilities = ["read"]\n}\n');

    const result = await doctor('--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    const check = (name: string) => report.secrets.find((s) => s.secret === name)!;
    expect(check('redis')).toMatchObject({ exists: false, problems: ['missing from the store'] });
    expect(check('database').schema).toBe('failed');
    expect(check('database').schemaProblems).toEqual(
      expect.arrayContaining([
        { pointer: '/url', keyword: 'pattern' },
        { pointer: '/password', keyword: 'minLength' },
      ]),
    );
    expect(check('database').rotation).toBe('mismatch');
    expect(check('database').problems.join()).toContain('rotation every 7 days (catalog: 30)');
    expect(check('jwt-signing-key')).toMatchObject({
      exists: true,
      schema: 'ok',
      rotation: 'ok',
      problems: [],
    });
    const policy = (file: string) => report.policies.find((p) => p.file === file)!;
    expect(policy(`iam/${ENV}/worker.json`).status).toBe('differs');
    expect(policy(`iam/${ENV}/api.json`).status).toBe('ok');
    expect(policy(`vault/${ENV}/api.hcl`)).toMatchObject({ policy: 'shop-staging-api', status: 'differs' });
    expect(policy(`vault/${ENV}/billing-go.hcl`).status).toBe('ok');
    expect(report.problems).toBe(5);
    expectNoValues(result.stdout, result.stderr);
    expect(result.stdout + result.stderr).not.toContain('CANARY-short');
    expect(result.stdout).not.toContain('mysql://db');
  });

  it('compares what Vault policies grant, not how they are written', async () => {
    // The generated api policy, rewritten as Vault operators do: one-line blocks, another order,
    // capabilities reordered and duplicated, comments gone; billing-go's as a JSON policy.
    // (Metadata is granted for the dual-key secrets only: the runtime reads versions of those.)
    const api = [
      'path "secret/metadata/shop/staging/payment-webhook-secret" { capabilities = ["read"] }',
      'path "secret/data/shop/staging/payment-webhook-secret" { capabilities = ["read", "read"] }',
      'path "secret/data/shop/staging/payment-api-key" { capabilities = ["read"] }',
      'path "secret/data/shop/staging/jwt-signing-key" { capabilities = ["read"] }',
      'path "secret/metadata/shop/staging/jwt-signing-key" { capabilities = ["read"] }',
    ].join('\n');
    world.vault.setPolicy('shop-staging-api', api);
    world.vault.setPolicy(
      'shop-staging-billing-go',
      JSON.stringify({
        path: { 'secret/data/shop/staging/payment-api-key': { capabilities: ['read'] } },
      }),
    );
    const clean = JSON.parse((await doctor('--json')).stdout) as DoctorReport;
    const status = (report: DoctorReport, name: string) =>
      report.policies.find((p) => p.policy === name)?.status;
    expect(status(clean, 'shop-staging-api')).toBe('ok');
    expect(status(clean, 'shop-staging-billing-go')).toBe('ok');

    // Now grant one capability more, and drop one path: reported, with the paths that differ.
    world.vault.setPolicy(
      'shop-staging-api',
      api
        .replace('capabilities = ["read", "read"]', 'capabilities = ["read", "list"]')
        .replace(/^path "secret\/metadata\/shop\/staging\/jwt-signing-key".*$/m, ''),
    );
    const drifted = JSON.parse((await doctor('--json')).stdout) as DoctorReport;
    expect(drifted.policies.find((p) => p.policy === 'shop-staging-api')).toMatchObject({
      status: 'differs',
      note:
        'the live policy differs from the catalog (+ only live, - only generated, ~ other capabilities): ' +
        '~secret/data/shop/staging/payment-webhook-secret, -secret/metadata/shop/staging/jwt-signing-key',
    });
  });

  it('reports a policy missing from the generated directory or from Vault', async () => {
    await rm(join(world.dir, 'generated/iam', ENV, 'api.json'));
    const response = await fetch(`${world.vault.endpoint}/v1/sys/policy/shop-staging-billing-go`, {
      method: 'DELETE',
      headers: { 'X-Vault-Token': world.vault.rootToken },
    });
    expect(response.status).toBe(204);
    const result = await doctor('--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.policies.find((p) => p.file === `iam/${ENV}/api.json`)?.status).toBe('missing');
    expect(report.policies.find((p) => p.policy === 'shop-staging-billing-go')?.status).toBe('missing');
    expect(report.problems).toBe(2);
  });

  it('skips the Vault policy comparison with a note when the token cannot read sys/policy', async () => {
    world.vault.setPolicy('reader', 'path "secret/*" {\n  capabilities = ["read", "list"]\n}\n');
    const { token } = world.vault.createToken({ policies: ['reader'] });
    const result = await runOps({ ...world, env: { ...world.env, VAULT_TOKEN: token } }, [
      'doctor',
      '--env',
      ENV,
      ...world.storeFlags,
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as DoctorReport;
    const vaultPolicies = report.policies.filter((p) => p.provider === 'vault');
    expect(vaultPolicies.length).toBeGreaterThan(0);
    for (const p of vaultPolicies)
      expect(p).toMatchObject({ status: 'skipped', note: expect.stringContaining('not readable') });
    expect(result.code).toBe(0);
  });

  it('reports a secret the token may not read as a finding and checks the rest', async () => {
    world.vault.setPolicy(
      'partial',
      'path "secret/*" {\n  capabilities = ["read", "list"]\n}\n' +
        'path "secret/metadata/shop/staging/payment-api-key" {\n  capabilities = ["deny"]\n}\n',
    );
    const { token } = world.vault.createToken({ policies: ['partial'] });
    const result = await runOps({ ...world, env: { ...world.env, VAULT_TOKEN: token } }, [
      'doctor',
      '--env',
      ENV,
      ...world.storeFlags,
      '--json',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.secrets.find((s) => s.secret === 'payment-api-key')).toMatchObject({
      exists: null,
      problems: ['access denied: vault: read secret/metadata/shop/staging/payment-api-key failed: HTTP 403'],
    });
    expect(report.secrets.find((s) => s.secret === 'jwt-signing-key')).toMatchObject({
      exists: true,
      problems: [],
    });
    expect(report.problems).toBe(1);
  });

  it('logs in to Vault with AppRole when no token is given', async () => {
    world.vault.setPolicy(
      'ci',
      'path "secret/*" {\n  capabilities = ["read", "list"]\n}\npath "sys/policy/*" {\n  capabilities = ["read"]\n}\n',
    );
    const { roleId, secretId } = world.vault.addAppRole('ci', { policies: ['ci'] });
    const { VAULT_TOKEN: _unused, ...withoutToken } = world.env;
    const env = { ...withoutToken, VAULT_ROLE_ID: roleId, VAULT_SECRET_ID: secretId };
    const result = await runOps({ ...world, env }, ['doctor', '--env', ENV, ...world.storeFlags]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.vault.requests.count(/approle/)).toBe(1);
    const wrong = await runOps({ ...world, env: { ...env, VAULT_SECRET_ID: 'nope' } }, [
      'doctor',
      '--env',
      ENV,
      ...world.storeFlags,
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/vault: approle login failed: HTTP 4\d\d/);
    expect(wrong.stderr).not.toContain(secretId);
  });

  it("logs in with the catalog's Kubernetes auth as VAULT_K8S_ROLE with a service-account token", async () => {
    world.vault.setPolicy('doctor-read', 'path "secret/*" {\n  capabilities = ["read", "list"]\n}\n');
    world.vault.addKubernetesRole('shop-staging-doctor', {
      boundServiceAccountNames: ['locksmith-doctor'],
      boundServiceAccountNamespaces: ['platform'],
      policies: ['doctor-read'],
    });
    const jwtPath = join(world.dir, 'sa-token');
    await writeFile(
      jwtPath,
      makeServiceAccountJwt({
        namespace: 'platform',
        serviceAccount: 'locksmith-doctor',
        issuedAtMs: world.clock.now(),
        expiresAtMs: world.clock.now() + 3_600_000,
      }),
    );
    const { VAULT_TOKEN: _unused, ...withoutToken } = world.env;
    const env = {
      ...withoutToken,
      VAULT_K8S_ROLE: 'shop-staging-doctor',
      VAULT_K8S_JWT_PATH: jwtPath,
    };
    const result = await runOps({ ...world, env }, ['doctor', '--env', ENV, ...world.storeFlags, '--json']);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(
      report.secrets.filter((s) => s.provider === 'vault').every((s) => s.exists && s.schema === 'ok'),
    ).toBe(true);
    // The operator role's policy does not cover sys/policy: that comparison is skipped, not failed.
    expect(report.policies.filter((p) => p.provider === 'vault').every((p) => p.status === 'skipped')).toBe(
      true,
    );
    expect(result.code).toBe(0);
  });

  it('is a usage error (exit 2) without --env, for an unknown environment, or without a Vault token', async () => {
    expect((await runOps(world, ['doctor'])).code).toBe(2);
    const unknown = await runOps(world, ['doctor', '--env', 'qa']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown environment "qa"') });
    const local = await runOps(world, ['doctor', '--env', 'dev', ...world.storeFlags]);
    expect(local).toMatchObject({ code: 2, stderr: expect.stringContaining('read a local .env') });
    const noToken = await runOps({ ...world, env: { ...world.env, VAULT_TOKEN: '' } }, [
      'doctor',
      '--env',
      ENV,
      ...world.storeFlags,
    ]);
    expect(noToken).toMatchObject({ code: 2, stderr: expect.stringContaining('VAULT_TOKEN') });
  });

  it('reports an unreachable store as exit 1 naming the store call', async () => {
    await world.aws.close();
    const result = await doctor();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/doctor: aws: DescribeSecret shop\/staging\/\S+ failed/);
  });
});
