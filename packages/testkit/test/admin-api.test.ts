import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalFakes, startLocalFakes } from '../src/index.js';
import { rejection } from './aws-helpers.js';
import { vaultClient, vaultFailure } from './vault-helpers.js';

let fakes: LocalFakes;
let sm: SecretsManagerClient;

/** One admin API call with the right token (or the one given). */
async function admin(method: string, path: string, body?: unknown, token = fakes.admin.token) {
  const response = await fetch(`${fakes.admin.endpoint}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const get = (id: string) => sm.send(new GetSecretValueCommand({ SecretId: id }));

async function start(fakeClock = false): Promise<void> {
  fakes = await startLocalFakes({ awsPort: 0, vaultPort: 0, adminPort: 0, fakeClock });
  fakes.aws.store.create('shop/prod/db', 'db-canary-value');
  fakes.aws.store.create('shop/prod/other', 'other-value');
  fakes.vault.kv.put('shop/prod/jwt', { value: 'jwt-canary-value' });
  sm = new SecretsManagerClient({
    endpoint: fakes.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? '',
    region: fakes.env.AWS_REGION ?? '',
    credentials: { accessKeyId: 'AKIAADMIN', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}

afterEach(async () => {
  sm.destroy();
  await fakes.close();
});

describe('locksmith-fake admin API', () => {
  beforeEach(() => start());

  it('answers 401 without the bearer token, and listens on loopback', async () => {
    expect(new URL(fakes.admin.endpoint).hostname).toBe('127.0.0.1');
    const anonymous = await fetch(`${fakes.admin.endpoint}/health`);
    expect(anonymous.status).toBe(401);
    expect((await admin('GET', '/health', undefined, 'wrong')).status).toBe(401);
    expect(await admin('GET', '/health')).toEqual({ status: 200, body: { ok: true } });
  });

  it('aims a fault at one secret by SecretId, and at a batch by SecretIdList', async () => {
    const added = await admin('POST', '/faults', {
      target: 'aws',
      error: 'throttle',
      secretId: 'shop/prod/db',
      times: 2,
    });
    expect(added.status).toBe(200);
    expect(added.body.id).toEqual(expect.any(String));
    expect((await get('shop/prod/other')).SecretString).toBe('other-value');
    expect((await rejection(get('shop/prod/db'))).name).toBe('ThrottlingException');
    const batch = sm.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['shop/prod/other', 'shop/prod/db'] }),
    );
    expect((await rejection(batch)).name).toBe('ThrottlingException');
    expect((await get('shop/prod/db')).SecretString).toBe('db-canary-value');
  });

  it('aims a Vault fault at a KV path by its last segments', async () => {
    await admin('POST', '/faults', { target: 'vault', error: '503', secretId: 'jwt' });
    const client = vaultClient(fakes.vault, fakes.vault.rootToken);
    expect((await vaultFailure(client.read('secret/data/shop/prod/jwt'))).status).toBe(503);
    expect((await client.read('secret/data/shop/prod/jwt')).data.data.value).toBe('jwt-canary-value');
  });

  it('keeps a standing fault (times: null) until DELETE /faults/{id}', async () => {
    const { body } = await admin('POST', '/faults', {
      error: 'denied',
      secretId: 'shop/prod/db',
      times: null,
    });
    for (let i = 0; i < 3; i++)
      expect((await rejection(get('shop/prod/db'))).name).toBe('AccessDeniedException');
    const listed = await admin('GET', '/faults');
    expect(listed.body.faults).toEqual([
      expect.objectContaining({ id: body.id, error: 'denied', hits: 3, remaining: null }),
    ]);
    expect((await admin('DELETE', `/faults/${String(body.id)}`)).status).toBe(200);
    expect((await admin('DELETE', `/faults/${String(body.id)}`)).status).toBe(404);
    expect((await get('shop/prod/db')).SecretString).toBe('db-canary-value');
  });

  it('DELETE /faults clears every rule on both fakes', async () => {
    await admin('POST', '/faults', { target: 'aws', error: '500', times: null });
    await admin('POST', '/faults', { target: 'vault', error: '500', times: null });
    expect(await admin('DELETE', '/faults')).toEqual({ status: 200, body: { cleared: 2 } });
    expect((await get('shop/prod/db')).SecretString).toBe('db-canary-value');
    const client = vaultClient(fakes.vault, fakes.vault.rootToken);
    expect((await client.read('secret/data/shop/prod/jwt')).data.data.value).toBe('jwt-canary-value');
  });

  it.each([
    [{ error: 'gremlins' }, /unknown fault kind "gremlins"/],
    [{ error: 'throttle', target: 'gcp' }, /target must be/],
    [{ error: 'throttle', times: 0 }, /times must be a positive integer/],
    [{ error: 'throttle', colour: 'red' }, /unknown field\(s\) colour/],
    [{ op: 'GetSecretValue' }, /needs an error kind, a latencyMs, or both/],
  ])('refuses %j with 400', async (fault, message) => {
    const answer = await admin('POST', '/faults', fault);
    expect(answer.status).toBe(400);
    expect(String(answer.body.error)).toMatch(message);
    expect((await admin('GET', '/faults')).body.faults).toEqual([]);
  });

  it('serves the request log with operations and secret ids, never a value; DELETE clears it', async () => {
    await get('shop/prod/db');
    await vaultClient(fakes.vault, fakes.vault.rootToken).read('secret/data/shop/prod/jwt');
    const { body } = await admin('GET', '/requests');
    const requests = body.requests as Record<string, unknown>[];
    expect(requests.map((r) => [r.target, r.op, r.status, r.secretIds])).toEqual([
      ['aws', 'GetSecretValue', 200, ['shop/prod/db']],
      ['vault', 'kv.read', 200, ['shop/prod/jwt']],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/canary-value/);
    const awsOnly = await admin('GET', '/requests?target=aws');
    expect((awsOnly.body.requests as unknown[]).length).toBe(1);
    expect((await admin('GET', '/requests?target=mars')).status).toBe(400);
    await admin('DELETE', '/requests');
    expect((await admin('GET', '/requests')).body.requests).toEqual([]);
  });

  it('runs on the real clock by default: POST /clock is 409 and dates follow the machine', async () => {
    const before = Date.now();
    expect((await admin('POST', '/clock', { advanceMs: 1000 })).status).toBe(409);
    const { body } = await admin('GET', '/clock');
    expect(body.movable).toBe(false);
    expect(body.now).toBeGreaterThanOrEqual(before);
    expect(body.now).toBeLessThanOrEqual(Date.now());
  });
});

describe('locksmith-fake admin API with --fake-clock', () => {
  beforeEach(() => start(true));

  it('POST /clock moves the clock both fakes share: Vault token TTLs run down', async () => {
    const token = fakes.vault.createToken({ policies: ['default'], ttlMs: 60_000 }).token;
    const client = vaultClient(fakes.vault, token);
    expect((await client.tokenLookupSelf()).data.ttl).toBe(60);
    const moved = await admin('POST', '/clock', { advanceMs: 45_000 });
    expect(moved.status).toBe(200);
    expect((await client.tokenLookupSelf()).data.ttl).toBe(15);
    expect(fakes.aws.clock.now()).toBe(moved.body.now);
    await admin('POST', '/clock', { advanceMs: 15_000 });
    expect((await vaultFailure(client.tokenLookupSelf())).status).toBe(403);
    expect((await admin('POST', '/clock', { advanceMs: -1 })).status).toBe(400);
  });
});
