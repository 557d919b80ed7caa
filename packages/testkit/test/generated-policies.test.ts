import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  createTestSecrets,
  type IamPolicyDocument,
  seedFakes,
  seedVaultAuth,
  startFakeSecretsManager,
  startFakeVault,
} from '../src/index.js';
import { rejection, sdkFor } from './aws-helpers.js';
import { shopCatalog } from './catalog-fixtures.js';
import { vaultClient, vaultFailure } from './vault-helpers.js';

// Copies of what `locksmith gen` emitted for the example service (apps/example-service/generated);
// the last test fails when a copy no longer matches what gen writes.
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/generated/${name}`, import.meta.url)), 'utf8');
const COPIES = {
  'iam-staging-api.json': 'iam/staging/api.json',
  'vault-staging-api.hcl': 'vault/staging/api.hcl',
} as const;
/** A generated file without its header (the catalog hash in it changes with every catalog edit). */
const body = (text: string) =>
  text.startsWith('{')
    ? JSON.stringify({ ...(JSON.parse(text) as object), '//': undefined })
    : text.replace(/^(#[^\n]*\n)+/, '');

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

  it('Vault: the api policy reads its Vault secrets (metadata only for dual-key) and nothing else', async () => {
    const vault = await startFakeVault();
    vault.setPolicy('shop-staging-api', fixture('vault-staging-api.hcl'));
    vault.kv.put('shop/staging/jwt-signing-key', { value: 'k' });
    vault.kv.put('shop/staging/payment-api-key', { value: 'p' });
    vault.kv.put('shop/staging/other', { value: 'o' });
    const { token } = vault.createToken({ policies: ['shop-staging-api'] });
    const api = vaultClient(vault, token);
    expect((await api.read('secret/data/shop/staging/jwt-signing-key')).data.data).toEqual({ value: 'k' });
    expect((await api.read('secret/metadata/shop/staging/jwt-signing-key')).data.current_version).toBe(1);
    expect((await api.read('secret/data/shop/staging/payment-api-key')).data.data).toEqual({ value: 'p' });
    expect((await vaultFailure(api.read('secret/metadata/shop/staging/payment-api-key'))).status).toBe(403);
    expect((await vaultFailure(api.read('secret/data/shop/staging/other'))).status).toBe(403);
    expect(
      (await vaultFailure(api.write('secret/data/shop/staging/jwt-signing-key', { data: { value: 'x' } })))
        .status,
    ).toBe(403);
    await vault.close();
  });

  it('seedVaultAuth grants exactly the paths of the generated policy', async () => {
    const vault = await startFakeVault();
    const catalog = shopCatalog();
    const [api] = seedVaultAuth(vault, catalog, 'staging');
    expect(api?.policy).toBe('shop-staging-api');
    const granted = (text: string) =>
      [...text.matchAll(/path "([^"]+)"\s*\{\s*capabilities = \["read"\]\s*\}/g)].map((m) => m[1]).sort();
    const seeded = (await vaultClient(vault, vault.rootToken).read('sys/policy/shop-staging-api')) as {
      data: { rules: string };
    };
    expect(granted(seeded.data.rules)).toEqual(granted(fixture('vault-staging-api.hcl')));
    await vault.close();
  });

  it('the copies match what gen writes for the example service', () => {
    for (const [copy, path] of Object.entries(COPIES)) {
      const generated = readFileSync(
        fileURLToPath(new URL(`../../../apps/example-service/generated/${path}`, import.meta.url)),
        'utf8',
      );
      expect(body(fixture(copy)), `${copy}: copy ${path} again`).toBe(body(generated));
    }
  });
});
