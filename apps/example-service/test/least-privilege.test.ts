import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeService, loadCatalog } from '@locksmith/schema';
import {
  createAwsProvider,
  createVaultProvider,
  type FetchRequest,
  type Provider,
} from '@locksmith/sdk-node';
import {
  createTestSecrets,
  type FakeSecretsManager,
  type FakeVault,
  type IamPolicyDocument,
  makeServiceAccountJwt,
  seedFakes,
  startFakeSecretsManager,
  startFakeVault,
} from '@locksmith/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * End to end, with the policies `locksmith gen` wrote into generated/ enforced by the fakes:
 * the api service reads its secrets; the worker service is refused the JWT key by Vault and
 * the session key by AWS, exactly as the real stores would refuse it.
 */
const ENV = 'staging';
const generated = (path: string) => readFileSync(new URL(`../generated/${path}`, import.meta.url), 'utf8');
const iamPolicy = (service: string) =>
  (JSON.parse(generated(`iam/${ENV}/${service}.json`)) as { PolicyDocument: IamPolicyDocument })
    .PolicyDocument;

describe('least privilege, end to end', async () => {
  const catalog = await loadCatalog(new URL('../secrets.catalog.yaml', import.meta.url).pathname);
  const api = describeService(catalog, 'api');
  const keys = { api: 'AKIAAPIEXAMPLE000001', worker: 'AKIAWORKEREXAMPLE001' };
  const tokenDir = mkdtempSync(join(tmpdir(), 'locksmith-sa-'));
  let aws: FakeSecretsManager;
  let vault: FakeVault;

  const awsAs = (service: keyof typeof keys) =>
    createAwsProvider({
      region: aws.region,
      endpoint: aws.endpoint,
      credentials: { accessKeyId: keys[service], secretAccessKey: 'fake-secret-key' },
    });
  const vaultAs = (serviceAccount: string, role: string) => {
    const jwtPath = join(tokenDir, serviceAccount);
    writeFileSync(jwtPath, makeServiceAccountJwt({ namespace: `shop-${ENV}`, serviceAccount }));
    return createVaultProvider({ endpoint: vault.endpoint, auth: { method: 'kubernetes', role, jwtPath } });
  };
  const read = async (provider: Provider, secretName: string) => {
    const secret = api.secrets[secretName];
    const placement = secret?.placements[ENV];
    if (!secret || !placement) throw new Error(`api does not read ${secretName} in ${ENV}`);
    const request: FetchRequest = { secret, placement, environment: ENV, stage: 'current' };
    const [result] = await provider.fetch([request], new AbortController().signal);
    return result?.ok ? 'allowed' : result?.error.code;
  };

  beforeAll(async () => {
    aws = await startFakeSecretsManager({
      iam: {
        principals: {
          [keys.api]: { name: 'api', policies: [iamPolicy('api')] },
          [keys.worker]: { name: 'worker', policies: [iamPolicy('worker')] },
        },
      },
    });
    vault = await startFakeVault();
    seedFakes({ aws, vault }, catalog, ENV, createTestSecrets(catalog, {}, { environment: ENV }));
    vault.setPolicy(`shop-${ENV}-api`, generated(`vault/${ENV}/api.hcl`));
    const roles = JSON.parse(generated(`vault/${ENV}/kubernetes-roles.json`)) as {
      roles: Record<
        string,
        {
          bound_service_account_names: string[];
          bound_service_account_namespaces: string[];
          token_policies: string[];
        }
      >;
    };
    for (const [name, role] of Object.entries(roles.roles)) {
      vault.addKubernetesRole(name, {
        boundServiceAccountNames: role.bound_service_account_names,
        boundServiceAccountNamespaces: role.bound_service_account_namespaces,
        policies: role.token_policies,
      });
    }
  });

  afterAll(async () => {
    await aws?.close();
    await vault?.close();
  });

  it('AWS: api reads its session key; worker is denied it but reads the database', async () => {
    expect(await read(awsAs('api'), 'session-key')).toBe('allowed');
    expect(await read(awsAs('worker'), 'session-key')).toBe('ACCESS_DENIED');
    expect(await read(awsAs('worker'), 'database')).toBe('allowed');
  });

  it('Vault: api logs in as its service account and reads the JWT key; worker cannot', async () => {
    expect(await read(vaultAs('api', `shop-${ENV}-api`), 'jwt-signing-key')).toBe('allowed');
    // The worker's service account is not bound to the api role: Vault refuses the login itself.
    expect(await read(vaultAs('worker', `shop-${ENV}-api`), 'jwt-signing-key')).toBe('AUTH_FAILED');
    // And a token carrying the worker's policy name is refused the read (the worker reads no Vault secret).
    const workerToken = vault.createToken({ policies: [`shop-${ENV}-worker`] }).token;
    const worker = createVaultProvider({
      endpoint: vault.endpoint,
      auth: { method: 'token', token: workerToken },
    });
    expect(await read(worker, 'jwt-signing-key')).toBe('ACCESS_DENIED');
  });
});
