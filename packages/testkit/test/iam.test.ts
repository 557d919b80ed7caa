import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  evaluateIamPolicies,
  type FakeSecretsManager,
  type IamPolicyDocument,
  startFakeSecretsManager,
} from '../src/index.js';
import { rejection, sdkFor } from './aws-helpers.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';
/** What codegen emits for a reader of one secret. */
const apiPolicy: IamPolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadCatalogSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: [`${ARN}shop/dev/db-??????`],
    },
    { Effect: 'Allow', Action: 'secretsmanager:BatchGetSecretValue', Resource: '*' },
  ],
};

let fake: FakeSecretsManager;
beforeEach(async () => {
  fake = await startFakeSecretsManager({
    iam: {
      principals: {
        AKIAAPI: { name: 'api', policies: [apiPolicy] },
        AKIAADMIN: {
          name: 'admin',
          policies: [{ Statement: { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' } }],
        },
      },
    },
  });
  fake.store.create('shop/dev/db', 'db-value');
  fake.store.create('shop/dev/payments', 'pay-value');
});
afterEach(() => fake.close());

describe('IAM policy enforcement', () => {
  it('lets a reader read its secret and denies the others with AccessDeniedException', async () => {
    const api = sdkFor(fake, 'AKIAAPI');
    expect((await api.send(new GetSecretValueCommand({ SecretId: 'shop/dev/db' }))).SecretString).toBe(
      'db-value',
    );
    const denied = await rejection(api.send(new GetSecretValueCommand({ SecretId: 'shop/dev/payments' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(
      'arn:aws:iam::123456789012:user/api is not authorized to perform: secretsmanager:GetSecretValue',
    );
    expect(denied.message).not.toContain('pay-value');
    expect(
      (await rejection(api.send(new PutSecretValueCommand({ SecretId: 'shop/dev/db', SecretString: 'x' }))))
        .name,
    ).toBe('AccessDeniedException');
    expect((await rejection(api.send(new ListSecretsCommand({})))).name).toBe('AccessDeniedException');
    expect(fake.requests.entries().map((e) => e.principal)).toContain('AKIAAPI');
    api.destroy();
  });

  it('denies a missing secret rather than revealing that it does not exist', async () => {
    const api = sdkFor(fake, 'AKIAAPI');
    expect((await rejection(api.send(new GetSecretValueCommand({ SecretId: 'shop/dev/nope' })))).name).toBe(
      'AccessDeniedException',
    );
    api.destroy();
  });

  it('reports per-secret AccessDeniedException inside a batch', async () => {
    const api = sdkFor(fake, 'AKIAAPI');
    const out = await api.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['shop/dev/db', 'shop/dev/payments'] }),
    );
    expect(out.SecretValues?.map((v) => v.Name)).toEqual(['shop/dev/db']);
    expect(out.Errors?.map((e) => [e.SecretId, e.ErrorCode])).toEqual([
      ['shop/dev/payments', 'AccessDeniedException'],
    ]);
    api.destroy();
  });

  it('rejects unknown access keys with UnrecognizedClientException', async () => {
    const stranger = sdkFor(fake, 'AKIASTRANGER');
    expect(
      (await rejection(stranger.send(new GetSecretValueCommand({ SecretId: 'shop/dev/db' })))).name,
    ).toBe('UnrecognizedClientException');
    stranger.destroy();
  });
});

describe('evaluateIamPolicies', () => {
  const request = (action: string, resource: string, context: Record<string, string | undefined> = {}) => ({
    action,
    resource,
    context,
  });
  it('matches actions case-insensitively and resources with * and ?', () => {
    expect(
      evaluateIamPolicies([apiPolicy], request('SecretsManager:getsecretvalue', `${ARN}shop/dev/db-AbC123`)),
    ).toBe('allow');
    expect(
      evaluateIamPolicies([apiPolicy], request('secretsmanager:GetSecretValue', `${ARN}shop/dev/db-AbC12`)),
    ).toBe('implicit-deny');
    expect(
      evaluateIamPolicies([apiPolicy], request('secretsmanager:GetSecretValue', `${ARN}shop/dev/db2-AbC123`)),
    ).toBe('implicit-deny');
  });
  it('lets an explicit Deny win', () => {
    const deny: IamPolicyDocument = {
      Statement: [{ Effect: 'Deny', Action: 'secretsmanager:*', Resource: `${ARN}shop/dev/*` }],
    };
    expect(
      evaluateIamPolicies(
        [apiPolicy, deny],
        request('secretsmanager:GetSecretValue', `${ARN}shop/dev/db-AbC123`),
      ),
    ).toBe('explicit-deny');
  });
  it('honours string conditions and fails closed on unknown operators', () => {
    const staged: IamPolicyDocument = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: { StringEquals: { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
        },
      ],
    };
    const get = (stage?: string) =>
      evaluateIamPolicies(
        [staged],
        request('secretsmanager:GetSecretValue', 'x', { 'secretsmanager:VersionStage': stage }),
      );
    expect(get('AWSCURRENT')).toBe('allow');
    expect(get('AWSPREVIOUS')).toBe('implicit-deny');
    expect(get(undefined)).toBe('implicit-deny');
    const unknownAllow: IamPolicyDocument = {
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } },
        },
      ],
    };
    expect(evaluateIamPolicies([unknownAllow], request('secretsmanager:GetSecretValue', 'x'))).toBe(
      'implicit-deny',
    );
    const unknownDeny: IamPolicyDocument = {
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
    };
    expect(evaluateIamPolicies([unknownDeny], request('secretsmanager:GetSecretValue', 'x'))).toBe(
      'explicit-deny',
    );
  });
});
