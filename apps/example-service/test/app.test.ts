import type { AddressInfo } from 'node:net';
import { loadCatalog } from '@locksmith/schema';
import { createAwsProvider, createVaultProvider } from '@locksmith/sdk-node';
import {
  createTestSecrets,
  type FakeSecretsManager,
  type FakeVault,
  seedFakes,
  startFakeSecretsManager,
  startFakeVault,
} from '@locksmith/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiSecrets } from '../generated/ts/api.js';
import { createApp } from '../src/app.js';
import { signWebhook } from '../src/crypto/webhook.js';
import { memoryProfileStore } from '../src/store/profiles.js';
import { memoryUserStore } from '../src/store/users.js';

/** The service over real HTTP, its secrets from the fake stores through the generated accessors. */
const ENV = 'staging';

describe('example service HTTP API', () => {
  let aws: FakeSecretsManager;
  let vault: FakeVault;
  let baseUrl: string;
  let close: () => Promise<void>;
  let generated: ReturnType<typeof createTestSecrets> = {};
  let catalog: Awaited<ReturnType<typeof loadCatalog>>;
  let secrets: ReturnType<typeof createApiSecrets>;
  /** Every generated string value long enough to be unmistakable in a response body. */
  const secretStrings: string[] = [];
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    catalog = await loadCatalog(new URL('../secrets.catalog.yaml', import.meta.url).pathname);
    aws = await startFakeSecretsManager();
    vault = await startFakeVault();
    // Fresh random, schema-valid values for every secret: each is unique, so a leak of any of
    // them into a response would be found below.
    generated = createTestSecrets(catalog, {}, { environment: ENV });
    seedFakes({ aws, vault }, catalog, ENV, generated);
    for (const value of Object.values(generated)) {
      for (const v of value !== null && typeof value === 'object' ? Object.values(value) : [value]) {
        if (typeof v === 'string' && v.length >= 16) secretStrings.push(v);
      }
    }
    secrets = createApiSecrets({
      environment: ENV,
      providers: {
        aws: createAwsProvider({ region: aws.region, endpoint: aws.endpoint, credentials: aws.credentials }),
        vault: createVaultProvider({
          endpoint: vault.endpoint,
          auth: { method: 'token', token: vault.rootToken },
        }),
      },
    });
    await secrets.preload();
    const users = memoryUserStore();
    await users.register('ada', 'correct horse battery');
    const server = createApp({ secrets, users, profiles: memoryProfileStore() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.close();
      await secrets.close();
      await Promise.all([aws.close(), vault.close()]);
    };
  });

  afterAll(() => close?.());

  it('logs in, authenticates, and stores the email sealed', async () => {
    expect((await call('POST', '/login', { user: 'ada', password: 'wrong' })).status).toBe(401);
    const login = await call('POST', '/login', { user: 'ada', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${String(login.json.token)}` };
    expect((await call('GET', '/me', undefined, auth)).json).toEqual({ user: 'ada' });
    expect((await call('GET', '/me')).status).toBe(401);
    expect((await call('PUT', '/profile', { email: 'ada@example.test' }, auth)).status).toBe(200);
    const profile = await call('GET', '/profile', undefined, auth);
    expect(profile.json.email).toBe('ada@example.test');
  });

  it('verifies payment webhooks with the secret from Vault, and refuses a replay of one', async () => {
    const body = JSON.stringify({ id: 'evt_app_1', type: 'payment.succeeded' });
    const now = Math.floor(Date.now() / 1000);
    const good = signWebhook(String(generated['payment-webhook-secret'] ?? ''), body, now);
    expect((await call('POST', '/webhooks/payment', body, { 'x-payment-signature': good })).status).toBe(204);
    // The same request again, inside the tolerance window: the signature is fine, the event is not new.
    const replay = await call('POST', '/webhooks/payment', body, { 'x-payment-signature': good });
    expect(replay).toMatchObject({ status: 409, json: { error: 'event already received' } });
    const bad = signWebhook('whsec_not-the-secret', body, now);
    expect((await call('POST', '/webhooks/payment', body, { 'x-payment-signature': bad })).status).toBe(400);
    const noId = JSON.stringify({ type: 'payment.succeeded' });
    const signedNoId = signWebhook(String(generated['payment-webhook-secret'] ?? ''), noId, now);
    expect(
      (await call('POST', '/webhooks/payment', noId, { 'x-payment-signature': signedNoId })).status,
    ).toBe(400);
  });

  it('keeps sessions signed with the old JWT key during the rotation overlap, and drops them once it is revoked', async () => {
    const login = await call('POST', '/login', { user: 'ada', password: 'correct horse battery' });
    const oldToken = String(login.json.token);
    const rotated = createTestSecrets(catalog, {}, { environment: ENV })['jwt-signing-key'];
    seedFakes({ aws, vault }, catalog, ENV, { 'jwt-signing-key': rotated as string });
    await secrets.secret('jwt-signing-key').refresh();
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    // Vault just created the new version: the one-hour overlap still offers the old key.
    expect((await call('GET', '/me', undefined, bearer(oldToken))).status).toBe(200);
    await secrets.secret('jwt-signing-key').revokePrevious();
    expect((await call('GET', '/me', undefined, bearer(oldToken))).status).toBe(401);
    const fresh = await call('POST', '/login', { user: 'ada', password: 'correct horse battery' });
    expect((await call('GET', '/me', undefined, bearer(String(fresh.json.token)))).status).toBe(200);
  });

  it('reports health and readiness by state and version, never by value', async () => {
    const health = await call('GET', '/healthz');
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.ready).toBe(true);
    const secrets = health.json.secrets as Array<{ secret: string; state: string }>;
    expect(secrets.map((s) => s.secret)).toContain('jwt-signing-key');
    expect(secrets.every((s) => s.state === 'fresh')).toBe(true);
    for (const value of secretStrings) {
      expect(health.text).not.toContain(value);
      expect(ready.text).not.toContain(value);
    }
  });

  it('answers 404 for unknown routes and 400 for bad JSON', async () => {
    expect((await call('GET', '/nope')).status).toBe(404);
    expect((await call('POST', '/login', '{not json')).status).toBe(400);
  });
});
