import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  createTestSecrets,
  type IamPolicyDocument,
  seedFakes,
  startFakeSecretsManager,
  startFakeVault,
} from '../src/index.js';
import { rejection, sdkFor } from './aws-helpers.js';
import { shopCatalog } from './catalog-fixtures.js';
import { vaultClient, vaultFailure } from './vault-helpers.js';

// Copies of what `locksmith gen` emitted for the example service (apps/example-service/generated).
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/generated/${name}`, import.meta.url)), 'utf8');

describe('policies emitted by codegen, enforced by the fakes', () => {
  it('IAM: the api role reads its AWS secrets and nothing else', async () => {
    const { PolicyDocument } = JSON.parse(fixture('iam-staging-api.json')) as {
      PolicyDocument: IamPolicyDocument;
    };
    const aws = await startFakeSecretsManager({
      iam: { principals: { AKIAAPI: { name: 'shop-staging-api', policies: [PolicyDocument] } } },
    });
    const catalog = shopCatalog();
    const vault = await startFakeVault();
    seedFakes({ aws, vault }, catalog, 'staging', createTestSecrets(catalog, {}, { environment: 'staging' }));
    const sm = sdkFor(aws, 'AKIAAPI');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'shop/staging/database' }))).Name).toBe(
      'shop/staging/database',
    );
    const smtp = await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'shop/staging/smtp' })));
    expect(smtp.name).toBe('AccessDeniedException');
    const batch = await sm.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['shop/staging/redis', 'shop/staging/mail-api-key'] }),
    );
    expect(batch.SecretValues?.map((v) => v.Name)).toEqual(['shop/staging/redis']);
    expect(batch.Errors?.map((e) => e.ErrorCode)).toEqual(['AccessDeniedException']);
    sm.destroy();
    await Promise.all([aws.close(), vault.close()]);
  });

  it('Vault: the api policy reads its Vault secrets (current and metadata) and nothing else', async () => {
    const vault = await startFakeVault();
    vault.setPolicy('shop-staging-api', fixture('vault-staging-api.hcl'));
    vault.kv.put('shop/staging/jwt-signing-key', { value: 'k' });
    vault.kv.put('shop/staging/other', { value: 'o' });
    const { token } = vault.createToken({ policies: ['shop-staging-api'] });
    const api = vaultClient(vault, token);
    expect((await api.read('secret/data/shop/staging/jwt-signing-key')).data.data).toEqual({ value: 'k' });
    expect((await api.read('secret/metadata/shop/staging/jwt-signing-key')).data.current_version).toBe(1);
    expect((await vaultFailure(api.read('secret/data/shop/staging/other'))).status).toBe(403);
    expect(
      (await vaultFailure(api.write('secret/data/shop/staging/jwt-signing-key', { data: { value: 'x' } })))
        .status,
    ).toBe(403);
    await vault.close();
  });
});
