import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSecretsManager, makeServiceAccountJwt, startFakeSecretsManager } from '../src/index.js';
import { rejection } from './aws-helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/shop-staging-api';
let fake: FakeSecretsManager;
afterEach(() => fake.close());

async function assume(token: string, roleArn = ROLE): Promise<{ status: number; xml: string }> {
  const response = await fetch(fake.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: roleArn,
      RoleSessionName: 'eso',
      WebIdentityToken: token,
    }).toString(),
  });
  return { status: response.status, xml: await response.text() };
}

const tag = (xml: string, name: string): string =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

describe('fake STS AssumeRoleWithWebIdentity (IRSA)', () => {
  it('issues temporary credentials that carry the role policies', async () => {
    fake = await startFakeSecretsManager({
      iam: {
        principals: {},
        roles: {
          [ROLE]: {
            trustedSubjects: ['system:serviceaccount:shop-staging:api'],
            policies: [
              {
                Statement: {
                  Effect: 'Allow',
                  Action: 'secretsmanager:GetSecretValue',
                  Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/staging/db-??????',
                },
              },
            ],
          },
        },
      },
    });
    fake.store.create('shop/staging/db', 'granted');
    fake.store.create('shop/prod/db', 'not-granted');
    const jwt = makeServiceAccountJwt({ namespace: 'shop-staging', serviceAccount: 'api' });
    const { status, xml } = await assume(jwt);
    expect(status).toBe(200);
    expect(tag(xml, 'AccessKeyId')).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(tag(xml, 'SubjectFromWebIdentityToken')).toBe('system:serviceaccount:shop-staging:api');
    const sm = new SecretsManagerClient({
      endpoint: fake.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: tag(xml, 'AccessKeyId'),
        secretAccessKey: tag(xml, 'SecretAccessKey'),
        sessionToken: tag(xml, 'SessionToken'),
      },
    });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'shop/staging/db' }))).SecretString).toBe(
      'granted',
    );
    const denied = await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'shop/prod/db' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('assumed-role/shop-staging-api/eso');
    sm.destroy();
    expect(fake.requests.byOp('sts.AssumeRoleWithWebIdentity')).toHaveLength(1);
  });

  it('refuses an unknown role, an untrusted subject and an unreadable token', async () => {
    fake = await startFakeSecretsManager({
      iam: {
        principals: {},
        roles: { [ROLE]: { policies: [], trustedSubjects: ['system:serviceaccount:shop-staging:api'] } },
      },
    });
    const worker = makeServiceAccountJwt({ namespace: 'shop-staging', serviceAccount: 'worker' });
    expect(tag((await assume(worker)).xml, 'Code')).toBe('AccessDenied');
    expect((await assume(worker, 'arn:aws:iam::123456789012:role/nobody')).status).toBe(403);
    expect(tag((await assume('not-a-jwt')).xml, 'Code')).toBe('InvalidIdentityToken');
  });

  it('refuses a token minted for another audience when the trust policy names one', async () => {
    fake = await startFakeSecretsManager({
      iam: {
        principals: {},
        roles: {
          [ROLE]: {
            policies: [],
            trustedSubjects: ['system:serviceaccount:shop-staging:api'],
            trustedAudiences: ['sts.amazonaws.com'],
          },
        },
      },
    });
    const token = (audience?: string) =>
      makeServiceAccountJwt({
        namespace: 'shop-staging',
        serviceAccount: 'api',
        ...(audience ? { audience } : {}),
      });
    expect(tag((await assume(token('vault'))).xml, 'Code')).toBe('AccessDenied');
    expect(tag((await assume(token())).xml, 'Code')).toBe('AccessDenied');
    const { status, xml } = await assume(token('sts.amazonaws.com'));
    expect(status).toBe(200);
    expect(tag(xml, 'Audience')).toBe('sts.amazonaws.com');
  });
});
