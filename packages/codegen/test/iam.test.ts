import type { Catalog } from '@locksmith/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitIam, servicePolicy } from '../src/emitters/iam/index.js';
import { allCatalogs, loadFixture } from './helpers/catalogs.js';
import { concreteArn, isAllowed } from './helpers/simulate.js';

const READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

let catalogs: Array<[string, Catalog]>;
beforeAll(async () => {
  catalogs = await allCatalogs();
});

function deployed(catalog: Catalog): string[] {
  return catalog.environments.filter((e) => e.source !== 'env').map((e) => e.name);
}

describe('IAM policies in the policy simulator', () => {
  it('allow (service, secret, environment) exactly when the service reads the secret there', async () => {
    let checks = 0;
    for (const [, catalog] of catalogs) {
      const aws = catalog.providers.aws!;
      for (const policyEnv of deployed(catalog)) {
        for (const service of catalog.services) {
          const policy = servicePolicy(catalog, service.name, policyEnv);
          // Every AWS placement of every secret, in every environment: same env and others.
          for (const secret of catalog.secrets) {
            for (const placement of secret.placements) {
              if (placement.provider !== 'aws') continue;
              const expected =
                placement.environment === policyEnv && placement.readers.includes(service.name);
              for (const action of READ_ACTIONS) {
                const resource = concreteArn(aws.region, aws.accountId, placement.path);
                const allowed = policy
                  ? await isAllowed(policy, { action, resource, accountId: aws.accountId })
                  : false;
                expect(allowed, `${service.name}@${policyEnv} ${action} ${placement.path}`).toBe(expected);
                checks++;
              }
            }
          }
        }
      }
    }
    expect(checks).toBeGreaterThan(300);
  });

  it('deny neighbours that share a prefix with a granted secret', async () => {
    const catalog = await loadFixture('neighbours');
    const policy = servicePolicy(catalog, 'app', 'prod')!;
    const acct = '111122223333';
    const arn = (name: string, suffix?: string) => concreteArn('eu-west-1', acct, name, suffix);
    const read = (resource: string) =>
      isAllowed(policy, { action: 'secretsmanager:GetSecretValue', resource, accountId: acct });
    expect(await read(arn('acme/prod/database'))).toBe(true);
    expect(await read(arn('acme/prod/database-admin'))).toBe(false);
    expect(await read(arn('acme/prod/database-ro'))).toBe(false);
    expect(await read(arn('acme/prod/databases'))).toBe(false);
    expect(await read(arn('acme/prod/db'))).toBe(false);
    expect(await read(arn('acme/staging/database'))).toBe(false);
  });

  it('catches a trailing-* grant in the same check (control: the neighbour test can fail)', async () => {
    const acct = '111122223333';
    const loose = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue'],
          Resource: [`arn:aws:secretsmanager:eu-west-1:${acct}:secret:acme/prod/database*`],
        },
      ],
    };
    const resource = concreteArn('eu-west-1', acct, 'acme/prod/database-admin');
    expect(
      await isAllowed(loose, { action: 'secretsmanager:GetSecretValue', resource, accountId: acct }),
    ).toBe(true);
  });

  it('allow BatchGetSecretValue (authorised on "*", each secret still needs GetSecretValue)', async () => {
    const catalog = await loadFixture('neighbours');
    const policy = servicePolicy(catalog, 'app', 'prod')!;
    expect(
      await isAllowed(policy, {
        action: 'secretsmanager:BatchGetSecretValue',
        resource: '*',
        accountId: '111122223333',
      }),
    ).toBe(true);
    expect(
      await isAllowed(policy, {
        action: 'secretsmanager:ListSecrets',
        resource: '*',
        accountId: '111122223333',
      }),
    ).toBe(false);
  });

  it('allow kms:Decrypt only through Secrets Manager, for the keys of the secrets read', async () => {
    const catalog = await loadFixture('neighbours');
    const acct = '111122223333';
    const via = { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' };
    const keyArn = `arn:aws:kms:eu-west-1:${acct}:key/0b1d2c3e-1111-2222-3333-444455556666`;
    const decrypt = (policy: object, context: Record<string, string | string[]>) =>
      isAllowed(policy, { action: 'kms:Decrypt', resource: keyArn, accountId: acct, context });

    const admin = servicePolicy(catalog, 'admin', 'prod')!; // database-admin uses the key id in prod
    expect(await decrypt(admin, via)).toBe(true);
    expect(await decrypt(admin, {})).toBe(false);
    expect(await decrypt(admin, { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' })).toBe(false);

    const app = servicePolicy(catalog, 'app', 'prod')!; // reads secrets under the alias only
    expect(await decrypt(app, via)).toBe(false);
    expect(await decrypt(app, { ...via, 'kms:ResourceAliases': ['alias/acme-secrets'] })).toBe(true);
    expect(await decrypt(app, { ...via, 'kms:ResourceAliases': ['alias/other'] })).toBe(false);
  });

  it("give every policy file exactly its service's reads: no controller role reads on anyone's behalf", async () => {
    for (const [, catalog] of catalogs) {
      const aws = catalog.providers.aws!;
      for (const file of emitIam(catalog)) {
        const [, env, principal] = /^iam\/([^/]+)\/(.+)\.json$/.exec(file.path)!;
        expect(
          catalog.services.map((s) => s.name),
          file.path,
        ).toContain(principal);
        const { PolicyDocument } = JSON.parse(file.contents) as { PolicyDocument: object };
        for (const secret of catalog.secrets) {
          for (const placement of secret.placements.filter((p) => p.provider === 'aws')) {
            const resource = concreteArn(aws.region, aws.accountId, placement.path);
            const expected = placement.environment === env && placement.readers.includes(principal!);
            const allowed = await isAllowed(PolicyDocument, {
              action: 'secretsmanager:GetSecretValue',
              resource,
              accountId: aws.accountId,
            });
            expect(allowed, `${file.path} ${placement.path}`).toBe(expected);
          }
        }
      }
    }
  });

  it('writes one file per principal that reads AWS secrets, wrapping the same policy document', async () => {
    const catalog = await loadFixture('neighbours');
    const files = emitIam(catalog);
    expect(files.map((f) => f.path)).toEqual([
      'iam/prod/admin.json',
      'iam/prod/app.json',
      'iam/prod/batch.json',
      'iam/staging/admin.json',
      'iam/staging/app.json',
    ]);
    const app = JSON.parse(files[1]!.contents) as { PolicyDocument: unknown; RoleArn: string };
    expect(app.PolicyDocument).toEqual(servicePolicy(catalog, 'app', 'prod'));
    expect(app.RoleArn).toBe('arn:aws:iam::111122223333:role/acme-prod-app');
  });
});
