import { inspect } from 'node:util';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSecretsManager, startFakeSecretsManager } from '../src/index.js';
import { rejection, sdkFor } from './aws-helpers.js';

let fake: FakeSecretsManager;
let sm: SecretsManagerClient;

beforeEach(async () => {
  fake = await startFakeSecretsManager();
  sm = sdkFor(fake);
});
afterEach(async () => {
  sm.destroy();
  await fake.close();
});

describe('fake Secrets Manager through the real SDK', () => {
  it('creates a secret with an ARN carrying the six-character suffix and reads it by name and ARN', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'shop/dev/db', SecretString: '{"a":1}' }));
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:shop\/dev\/db-[A-Za-z0-9]{6}$/,
    );
    const byName = await sm.send(new GetSecretValueCommand({ SecretId: 'shop/dev/db' }));
    const byArn = await sm.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(byName.SecretString).toBe('{"a":1}');
    expect(byArn.VersionId).toBe(created.VersionId);
    expect(byName.VersionStages).toEqual(['AWSCURRENT']);
    expect(byName.CreatedDate).toBeInstanceOf(Date);
    expect(byName.CreatedDate?.getTime()).toBe(fake.clock.now());
  });

  it('moves AWSCURRENT to AWSPREVIOUS on put, and reads each stage and version id', async () => {
    const first = await sm.send(new CreateSecretCommand({ Name: 'k', SecretString: 'one' }));
    fake.clock.advance(60_000);
    const second = await sm.send(new PutSecretValueCommand({ SecretId: 'k', SecretString: 'two' }));
    expect(second.VersionStages).toEqual(['AWSCURRENT']);
    const previous = await sm.send(new GetSecretValueCommand({ SecretId: 'k', VersionStage: 'AWSPREVIOUS' }));
    expect(previous.SecretString).toBe('one');
    expect(previous.VersionId).toBe(first.VersionId);
    const byId = await sm.send(new GetSecretValueCommand({ SecretId: 'k', VersionId: second.VersionId }));
    expect(byId.SecretString).toBe('two');
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'k' }));
    expect(described.VersionIdsToStages).toEqual({
      [first.VersionId ?? '']: ['AWSPREVIOUS'],
      [second.VersionId ?? '']: ['AWSCURRENT'],
    });
    expect(described.LastChangedDate?.getTime()).toBe(fake.clock.now());
    expect(described.RotationEnabled).toBe(false);
  });

  it('treats a repeated ClientRequestToken as idempotent and refuses it with a different value', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'k', SecretString: 'one' }));
    const token = 'c0ffee00-0000-4000-8000-000000000001';
    const a = await sm.send(
      new PutSecretValueCommand({ SecretId: 'k', SecretString: 'two', ClientRequestToken: token }),
    );
    const b = await sm.send(
      new PutSecretValueCommand({ SecretId: 'k', SecretString: 'two', ClientRequestToken: token }),
    );
    expect(b.VersionId).toBe(a.VersionId);
    expect(fake.store.describe('k')?.versions).toHaveLength(2);
    const error = await rejection(
      sm.send(new PutSecretValueCommand({ SecretId: 'k', SecretString: 'three', ClientRequestToken: token })),
    );
    expect(error.name).toBe('ResourceExistsException');
  });

  it('moves a stage with UpdateSecretVersionStage and insists on RemoveFromVersionId', async () => {
    const first = await sm.send(new CreateSecretCommand({ Name: 'k', SecretString: 'one' }));
    const second = await sm.send(
      new PutSecretValueCommand({ SecretId: 'k', SecretString: 'two', VersionStages: ['AWSPENDING'] }),
    );
    const refused = await rejection(
      sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 'k',
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: second.VersionId,
        }),
      ),
    );
    expect(refused.name).toBe('InvalidParameterException');
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'k',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: second.VersionId,
        RemoveFromVersionId: first.VersionId,
      }),
    );
    const current = await sm.send(new GetSecretValueCommand({ SecretId: 'k' }));
    expect(current.SecretString).toBe('two');
    expect(current.VersionStages?.sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
    const previous = await sm.send(new GetSecretValueCommand({ SecretId: 'k', VersionStage: 'AWSPREVIOUS' }));
    expect(previous.VersionId).toBe(first.VersionId);
  });

  it('answers missing secrets and versions with ResourceNotFoundException and status 400', async () => {
    const missing = await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'nope' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe("Secrets Manager can't find the specified secret.");
    expect((missing.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    await sm.send(new CreateSecretCommand({ Name: 'k', SecretString: 'one' }));
    const noPrevious = await rejection(
      sm.send(new GetSecretValueCommand({ SecretId: 'k', VersionStage: 'AWSPREVIOUS' })),
    );
    expect(noPrevious.name).toBe('ResourceNotFoundException');
    const exists = await rejection(sm.send(new CreateSecretCommand({ Name: 'k', SecretString: 'x' })));
    expect(exists.name).toBe('ResourceExistsException');
  });

  it('batch-gets in order with per-secret errors for missing and deleted secrets', async () => {
    for (const name of ['a', 'b', 'c']) fake.store.create(name, `value-${name}`);
    fake.store.create('gone', 'x');
    await sm.send(new DeleteSecretCommand({ SecretId: 'gone' }));
    const out = await sm.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['c', 'missing', 'a', 'gone', 'b'] }),
    );
    expect(out.SecretValues?.map((v) => v.Name)).toEqual(['c', 'a', 'b']);
    expect(out.Errors).toEqual([
      {
        SecretId: 'missing',
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret.",
      },
      {
        SecretId: 'gone',
        ErrorCode: 'InvalidRequestException',
        Message: "You can't perform this operation on the secret because it was marked for deletion.",
      },
    ]);
    const tooMany = await rejection(
      sm.send(
        new BatchGetSecretValueCommand({ SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`) }),
      ),
    );
    expect(tooMany.name).toBe('ValidationException');
  });

  it('batch-gets by filter with MaxResults and NextToken', async () => {
    for (let i = 0; i < 5; i++) fake.store.create(`app/${i}`, `v${i}`);
    fake.store.create('other', 'x');
    const page1 = await sm.send(
      new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['app/'] }], MaxResults: 3 }),
    );
    expect(page1.SecretValues?.map((v) => v.Name)).toEqual(['app/0', 'app/1', 'app/2']);
    const page2 = await sm.send(
      new BatchGetSecretValueCommand({
        Filters: [{ Key: 'name', Values: ['app/'] }],
        MaxResults: 3,
        NextToken: page1.NextToken,
      }),
    );
    expect(page2.SecretValues?.map((v) => v.Name)).toEqual(['app/3', 'app/4']);
    expect(page2.NextToken).toBeUndefined();
  });

  it('lists with pagination and hides secrets scheduled for deletion unless asked', async () => {
    for (let i = 0; i < 5; i++) fake.store.create(`s${i}`, 'v');
    await sm.send(new DeleteSecretCommand({ SecretId: 's4', RecoveryWindowInDays: 7 }));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await sm.send(new ListSecretsCommand({ MaxResults: 2, NextToken: token }));
      names.push(...(page.SecretList ?? []).map((s) => s.Name ?? ''));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(['s0', 's1', 's2', 's3']);
    const all = await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(all.SecretList?.find((s) => s.Name === 's4')?.DeletedDate).toBeInstanceOf(Date);
    const bad = await rejection(sm.send(new ListSecretsCommand({ NextToken: 'garbage' })));
    expect(bad.name).toBe('InvalidNextTokenException');
  });

  it('deletes with a recovery window, refuses reads, restores, and purges after the window', async () => {
    fake.store.create('k', 'v');
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: 'k', RecoveryWindowInDays: 7 }));
    expect(deleted.DeletionDate?.getTime()).toBe(fake.clock.now() + 7 * 86_400_000);
    const read = await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'k' })));
    expect(read.name).toBe('InvalidRequestException');
    expect(read.message).toMatch(/marked for deletion/);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'k' }));
    expect(described.DeletedDate?.getTime()).toBe(fake.clock.now());
    await sm.send(new RestoreSecretCommand({ SecretId: 'k' }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'k' }))).SecretString).toBe('v');
    await sm.send(new DeleteSecretCommand({ SecretId: 'k', RecoveryWindowInDays: 7 }));
    fake.clock.advance(7 * 86_400_000);
    expect((await rejection(sm.send(new DescribeSecretCommand({ SecretId: 'k' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('validates DeleteSecret parameters and force-deletes at once', async () => {
    fake.store.create('k', 'v');
    const both = await rejection(
      sm.send(
        new DeleteSecretCommand({ SecretId: 'k', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }),
      ),
    );
    expect(both.name).toBe('InvalidParameterException');
    const short = await rejection(
      sm.send(new DeleteSecretCommand({ SecretId: 'k', RecoveryWindowInDays: 3 })),
    );
    expect(short.name).toBe('InvalidParameterException');
    await sm.send(new DeleteSecretCommand({ SecretId: 'k', ForceDeleteWithoutRecovery: true }));
    expect(fake.store.names()).toEqual([]);
  });

  it('rotates (lite): new AWSCURRENT, old AWSPREVIOUS, LastRotatedDate and RotationEnabled', async () => {
    fake.store.create('k', 'v1');
    const noLambda = await rejection(sm.send(new RotateSecretCommand({ SecretId: 'k' })));
    expect(noLambda.name).toBe('InvalidRequestException');
    const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:rotate';
    const rotated = await sm.send(
      new RotateSecretCommand({
        SecretId: 'k',
        RotationLambdaARN: lambda,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    const current = await sm.send(new GetSecretValueCommand({ SecretId: 'k' }));
    expect(current.VersionId).toBe(rotated.VersionId);
    expect(current.SecretString).not.toBe('v1');
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'k' }));
    expect(described.RotationEnabled).toBe(true);
    expect(described.LastRotatedDate?.getTime()).toBe(fake.clock.now());
    expect(described.RotationRules?.AutomaticallyAfterDays).toBe(30);
  });

  it('round-trips SecretBinary and reports DecryptionFailure for an undecryptable secret', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'bin', SecretBinary: new Uint8Array([0, 1, 2, 255]) }));
    const out = await sm.send(new GetSecretValueCommand({ SecretId: 'bin' }));
    expect([...(out.SecretBinary ?? [])]).toEqual([0, 1, 2, 255]);
    fake.store.setUndecryptable('bin');
    const error = await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'bin' })));
    expect(error.name).toBe('DecryptionFailure');
  });

  it('lists version ids, updates and tags a secret', async () => {
    await sm.send(
      new CreateSecretCommand({ Name: 'k', SecretString: 'one', Tags: [{ Key: 'tier', Value: 'gold' }] }),
    );
    await sm.send(new PutSecretValueCommand({ SecretId: 'k', SecretString: 'two' }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'k', SecretString: 'three' }));
    const labelled = await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'k' }));
    expect(labelled.Versions?.map((v) => v.VersionStages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'k', IncludeDeprecated: true }));
    expect(all.Versions).toHaveLength(3);
    const updated = await sm.send(
      new UpdateSecretCommand({ SecretId: 'k', Description: 'd', SecretString: 'four' }),
    );
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'k' }))).VersionId).toBe(updated.VersionId);
    await sm.send(
      new TagResourceCommand({
        SecretId: 'k',
        Tags: [
          { Key: 'tier', Value: 'silver' },
          { Key: 'pci', Value: 'true' },
        ],
      }),
    );
    await sm.send(new UntagResourceCommand({ SecretId: 'k', TagKeys: ['pci'] }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'k' }));
    expect(described.Description).toBe('d');
    expect(described.Tags).toEqual([{ Key: 'tier', Value: 'silver' }]);
  });

  it('logs every request with op, status and principal, never the value', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'k', SecretString: 'canary-value-91f3' }));
    await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'nope' })));
    const entries = fake.requests.entries();
    expect(entries.map((e) => [e.op, e.status, e.principal, e.error])).toEqual([
      ['CreateSecret', 200, fake.credentials.accessKeyId, undefined],
      ['GetSecretValue', 400, fake.credentials.accessKeyId, 'ResourceNotFoundException'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('canary-value-91f3');
    expect(inspect(fake, { depth: 10 })).not.toContain('canary-value-91f3');
  });
});
