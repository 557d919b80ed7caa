import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVault, makeServiceAccountJwt, startFakeVault } from '../src/index.js';
import { vaultClient, vaultFailure } from './vault-helpers.js';

const DENIED = { errors: ['1 error occurred:\n\t* permission denied\n\n'] };
/** Vault 1.17+: a token that is unknown, expired or revoked says why, so clients know to log in again. */
const INVALID_TOKEN = { errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'] };
const HOUR = 3_600_000;

let fake: FakeVault;
beforeEach(async () => {
  fake = await startFakeVault();
  fake.kv.put('shop/dev/db', { password: 'p' });
  fake.kv.put('shop/dev/other', { password: 'q' });
  fake.setPolicy('api-dev', 'path "secret/data/shop/dev/db" {\n  capabilities = ["read"]\n}\n');
});
afterEach(() => fake.close());

describe('fake Vault auth, tokens and policies', () => {
  it('looks up a token with the fields External Secrets Operator requires', async () => {
    const { token } = fake.createToken({ policies: ['api-dev'], ttlMs: HOUR });
    const self = await vaultClient(fake, token).tokenLookupSelf();
    expect(self.data).toMatchObject({
      type: 'service',
      ttl: 3600,
      renewable: true,
      policies: ['api-dev', 'default'],
      expire_time: new Date(fake.clock.now() + HOUR).toISOString(),
    });
    const root = await vaultClient(fake, fake.rootToken).tokenLookupSelf();
    expect(root.data).toMatchObject({ type: 'service', ttl: 0, expire_time: null, policies: ['root'] });
  });

  it('expires tokens on the fake clock and renews them up to their max TTL', async () => {
    const { token } = fake.createToken({ policies: ['api-dev'], ttlMs: HOUR, maxTtlMs: 2 * HOUR });
    const client = vaultClient(fake, token);
    fake.clock.advance(HOUR - 1000);
    const renewed = await client.tokenRenewSelf();
    expect(renewed.auth.lease_duration).toBe(3600);
    fake.clock.advance(HOUR - 1000);
    const capped = await client.tokenRenewSelf({ increment: '2h' });
    expect(capped.auth.lease_duration).toBe(2);
    fake.clock.advance(1000);
    // An increment of 0 is no increment: `vault token renew` and vault/api's RenewSelf(0) send it.
    expect((await client.tokenRenewSelf({ increment: 0 })).auth.lease_duration).toBe(1);
    fake.clock.advance(1000);
    const expired = await vaultFailure(client.read('secret/data/shop/dev/db'));
    expect(expired.status).toBe(403);
    expect(expired.body).toEqual(INVALID_TOKEN);
  });

  it("renews by the token's own TTL when the increment is 0 or absent", async () => {
    const { token } = fake.createToken({ policies: ['api-dev'], ttlMs: HOUR });
    const client = vaultClient(fake, token);
    fake.clock.advance(HOUR / 2);
    expect((await client.tokenRenewSelf({ increment: 0 })).auth.lease_duration).toBe(3600);
    fake.clock.advance(HOUR / 2);
    expect((await client.tokenRenewSelf({ increment: '0s' })).auth.lease_duration).toBe(3600);
  });

  it('revokes a token', async () => {
    const { token } = fake.createToken({ policies: ['api-dev'] });
    const client = vaultClient(fake, token);
    await client.tokenRevokeSelf();
    expect((await vaultFailure(client.tokenLookupSelf())).status).toBe(403);
  });

  it('logs in with AppRole (POST from node-vault, PUT as ESO does) and enforces its policies', async () => {
    const { roleId, secretId } = fake.addAppRole('api', { policies: ['api-dev'], tokenTtlMs: HOUR });
    const client = vaultClient(fake);
    const login = await client.approleLogin({ role_id: roleId, secret_id: secretId });
    expect(login.auth).toMatchObject({ lease_duration: 3600, renewable: true, token_type: 'service' });
    expect(login.auth.policies).toEqual(['api-dev', 'default']);
    expect((await client.read('secret/data/shop/dev/db')).data.data).toEqual({ password: 'p' });
    const other = await vaultFailure(client.read('secret/data/shop/dev/other'));
    expect(other).toMatchObject({ status: 403, body: DENIED });
    const write = await vaultFailure(client.write('secret/data/shop/dev/db', { data: { password: 'x' } }));
    expect(write.status).toBe(403);
    const viaPut = await vaultClient(fake).request({
      path: '/auth/approle/login',
      method: 'PUT',
      json: { role_id: roleId, secret_id: secretId },
    });
    expect(typeof viaPut.auth.client_token).toBe('string');
    const bad = await vaultFailure(vaultClient(fake).approleLogin({ role_id: roleId, secret_id: 'wrong' }));
    expect(bad.status).toBe(400);
  });

  it('logs in with a Kubernetes service-account JWT bound to a name and namespace', async () => {
    fake.addKubernetesRole('api', {
      boundServiceAccountNames: ['api'],
      boundServiceAccountNamespaces: ['shop'],
      policies: ['api-dev'],
    });
    const jwt = makeServiceAccountJwt({
      namespace: 'shop',
      serviceAccount: 'api',
      issuedAtMs: fake.clock.now(),
    });
    const client = vaultClient(fake);
    // node-vault 0.12 renders `auth//login` unless mount_point is given (its kubernetesPath default is lost).
    const login = await client.kubernetesLogin({ mount_point: 'kubernetes', role: 'api', jwt });
    expect(login.auth.metadata).toMatchObject({
      service_account_name: 'api',
      service_account_namespace: 'shop',
    });
    expect((await client.read('secret/data/shop/dev/db')).data.data).toEqual({ password: 'p' });
    const wrongSa = makeServiceAccountJwt({
      namespace: 'shop',
      serviceAccount: 'worker',
      issuedAtMs: fake.clock.now(),
    });
    expect(
      (
        await vaultFailure(
          vaultClient(fake).kubernetesLogin({ mount_point: 'kubernetes', role: 'api', jwt: wrongSa }),
        )
      ).status,
    ).toBe(403);
    const wrongNs = makeServiceAccountJwt({
      namespace: 'other',
      serviceAccount: 'api',
      issuedAtMs: fake.clock.now(),
    });
    expect(
      (
        await vaultFailure(
          vaultClient(fake).kubernetesLogin({ mount_point: 'kubernetes', role: 'api', jwt: wrongNs }),
        )
      ).status,
    ).toBe(403);
    const noRole = await vaultFailure(
      vaultClient(fake).kubernetesLogin({ mount_point: 'kubernetes', role: 'nope', jwt }),
    );
    expect(noRole).toMatchObject({ status: 400, body: { errors: ['invalid role name "nope"'] } });
  });

  it('serves the External Secrets Operator flow: PUT login, lookup-self, read', async () => {
    fake.addKubernetesRole('eso', {
      boundServiceAccountNames: ['external-secrets'],
      boundServiceAccountNamespaces: ['external-secrets'],
      policies: ['api-dev'],
      tokenTtlMs: HOUR,
    });
    const jwt = makeServiceAccountJwt({
      namespace: 'external-secrets',
      serviceAccount: 'external-secrets',
      issuedAtMs: fake.clock.now(),
    });
    const eso = vaultClient(fake);
    const login = await eso.request({
      path: '/auth/kubernetes/login',
      method: 'PUT',
      json: { role: 'eso', jwt },
    });
    eso.token = login.auth.client_token;
    const self = await eso.tokenLookupSelf();
    expect(typeof self.data.ttl).toBe('number');
    expect(typeof self.data.expire_time).toBe('string');
    expect(self.data.type).toBe('service');
    expect((await eso.read('secret/data/shop/dev/db')).data.data).toEqual({ password: 'p' });
  });

  it('answers 403 for a request without a token', async () => {
    expect((await vaultFailure(vaultClient(fake).read('secret/data/shop/dev/db'))).body).toEqual(DENIED);
  });

  it('applies + and * globs, list on metadata, and deny over everything', async () => {
    fake.setPolicy(
      'globs',
      `# any env, one segment
path "secret/data/shop/+/db" { capabilities = ["read"] }
path "secret/metadata/shop/*" { capabilities = ["list"] }
path "secret/data/shop/dev/other" { capabilities = ["deny"] }`,
    );
    fake.kv.put('shop/prod/db', { password: 'prod' });
    const { token } = fake.createToken({ policies: ['globs'] });
    const client = vaultClient(fake, token);
    expect((await client.read('secret/data/shop/prod/db')).data.data).toEqual({ password: 'prod' });
    expect((await client.list('secret/metadata/shop/dev')).data.keys).toEqual(['db', 'other']);
    expect((await vaultFailure(client.read('secret/data/shop/dev/other'))).status).toBe(403);
    expect((await vaultFailure(client.read('secret/metadata/shop/dev/db'))).status).toBe(403);
  });

  it('accepts JSON policies and writes policies over HTTP', async () => {
    const root = vaultClient(fake, fake.rootToken);
    await root.request({
      path: '/sys/policies/acl/json-one',
      method: 'PUT',
      json: {
        policy: JSON.stringify({ path: { 'secret/data/shop/dev/other': { capabilities: ['read'] } } }),
      },
    });
    const { token } = fake.createToken({ policies: ['json-one'] });
    expect((await vaultClient(fake, token).read('secret/data/shop/dev/other')).data.data).toEqual({
      password: 'q',
    });
    const bad = await vaultFailure(
      root.request({
        path: '/sys/policies/acl/bad',
        method: 'PUT',
        json: { policy: 'path "x" { capabilities = ["fly"] }' },
      }),
    );
    expect(bad.status).toBe(400);
  });

  it('reports sys/health status codes with query overrides', async () => {
    const health = async (query = '') => {
      const res = await fetch(`${fake.endpoint}/v1/sys/health${query}`);
      return res.status;
    };
    expect(await health()).toBe(200);
    fake.setHealth({ standby: true });
    expect(await health()).toBe(429);
    expect(await health('?standbyok=true')).toBe(200);
    expect(await health('?standbycode=299')).toBe(299);
    fake.setHealth({ standby: false, performanceStandby: true });
    expect(await health()).toBe(473);
    expect(await health('?perfstandbyok=true')).toBe(200);
    fake.setHealth({ performanceStandby: false });
    fake.seal();
    expect(await health()).toBe(503);
    expect(await health('?sealedcode=200')).toBe(200);
    fake.setHealth({ initialized: false });
    expect(await health()).toBe(501);
  });
});
