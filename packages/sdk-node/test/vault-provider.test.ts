import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { createVaultProvider, type VaultAuth } from '../src/providers/vault.js';
import type { FetchRequest, FetchResult, SecretDescriptor } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY, databaseSecret, jwtSecret, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock } from './helpers/fake-clock.js';
import { json, type RecordedRequest, startServer } from './helpers/http-server.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A small Vault: KV v2 at `secret/`, token/approle/kubernetes auth, switchable faults. */
function fakeVault() {
  const state = {
    sealed: false,
    validTokens: new Set(['root-token']),
    logins: 0,
    ttl: 60,
    kv: new Map<string, { data: Record<string, unknown>; deleted?: boolean; destroyed?: boolean }[]>([
      ['shop/dev/database', [{ data: { url: CANARY.url, password: CANARY.password, port: '6432' } }]],
      [
        'shop/dev/jwt-signing-key',
        [
          { data: { value: 'CANARY-jwt-v1-destroyed-00000000000000' }, destroyed: true },
          { data: { value: CANARY.jwt } },
          { data: { value: 'CANARY-jwt-v3-deleted-0000000000000000' }, deleted: true },
          { data: { value: CANARY.jwtNext } },
        ],
      ],
    ]),
  };
  const handler = (req: RecordedRequest, res: Parameters<Parameters<typeof startServer>[0]>[1]) => {
    const url = new URL(req.url, 'http://vault');
    const path = url.pathname;
    if (state.sealed) return json(res, 503, { errors: ['Vault is sealed'] });
    const login = (): void => {
      state.logins++;
      const token = `token-${state.logins}`;
      state.validTokens.add(token);
      json(res, 200, { auth: { client_token: token, lease_duration: state.ttl, renewable: true } });
    };
    if (path === '/v1/auth/approle/login' || path === '/v1/auth/kubernetes/login') return login();
    const token = String(req.headers['x-vault-token'] ?? '');
    if (!state.validTokens.has(token)) return json(res, 403, { errors: ['permission denied'] });
    if (path === '/v1/auth/token/lookup-self')
      return json(res, 200, { data: { ttl: state.ttl, renewable: true } });
    if (path === '/v1/auth/token/renew-self') {
      return json(res, 200, { auth: { client_token: token, lease_duration: state.ttl, renewable: true } });
    }
    const data = path.match(/^\/v1\/secret\/data\/(.+)$/);
    const meta = path.match(/^\/v1\/secret\/metadata\/(.+)$/);
    const versions = state.kv.get((data ?? meta)?.[1] ?? '');
    if (!versions) return json(res, 404, { errors: [] });
    if (meta) {
      const list: Record<string, unknown> = {};
      versions.forEach((v, i) => {
        list[String(i + 1)] = {
          created_time: '2026-11-01T00:00:00Z',
          deletion_time: v.deleted ? '2026-11-02T00:00:00Z' : '',
          destroyed: v.destroyed === true,
        };
      });
      return json(res, 200, { data: { current_version: versions.length, versions: list } });
    }
    const n = Number(url.searchParams.get('version') ?? versions.length);
    const v = versions[n - 1];
    if (!v || v.deleted || v.destroyed) return json(res, 404, { errors: [] });
    json(res, 200, {
      data: {
        data: v.data,
        metadata: { version: n, created_time: '2026-11-01T00:00:00Z', deletion_time: '', destroyed: false },
      },
    });
  };
  return { state, handler };
}

async function setup(auth: VaultAuth = { method: 'token', token: 'root-token' }, namespace?: string) {
  const vault = fakeVault();
  server = await startServer(vault.handler);
  const clock = new FakeClock();
  const provider = createVaultProvider({
    endpoint: server.url,
    auth,
    clock,
    ...(namespace ? { namespace } : {}),
  });
  return { ...vault, server, clock, provider };
}

const req = (secret: SecretDescriptor, stage: FetchRequest['stage'] = 'current'): FetchRequest => ({
  secret,
  placement: secret.placements.dev!,
  environment: 'dev',
  stage,
});
const signal = () => new AbortController().signal;
function errorOf(result: FetchResult | undefined) {
  if (!result || result.ok) throw new Error('expected a failure');
  expectNoCanary(`${result.error.message} ${JSON.stringify(result.error)}`);
  return result.error;
}

describe('vault provider against node-vault and a local HTTP server', () => {
  it('reads the current KV v2 version: objects as JSON text, strings from the `value` key', async () => {
    const { provider, server } = await setup();
    const [db, jwt] = await provider.fetch([req(databaseSecret), req(jwtSecret)], signal());
    expect(db).toMatchObject({ ok: true, version: { versionId: '1' } });
    expect(db?.ok && JSON.parse((db.version.value as { text: string }).text)).toEqual({
      url: CANARY.url,
      password: CANARY.password,
      port: '6432',
    });
    expect(jwt).toMatchObject({
      ok: true,
      version: { versionId: '4', value: { kind: 'text', text: CANARY.jwtNext } },
    });
    expect(server.requests.some((r) => r.url === '/v1/secret/data/shop/dev/database')).toBe(true);
  });

  it('finds the previous version below current, skipping deleted and destroyed ones', async () => {
    const { provider, server } = await setup();
    const [previous] = await provider.fetch([req(jwtSecret, 'previous')], signal());
    expect(previous).toMatchObject({ ok: true, version: { versionId: '2', value: { text: CANARY.jwt } } });
    expect(server.requests.map((r) => r.url)).toContain('/v1/secret/data/shop/dev/jwt-signing-key?version=2');
    const [none] = await provider.fetch([req(databaseSecret, 'previous')], signal());
    expect(errorOf(none).code).toBe('NOT_FOUND');
  });

  it('maps not found, sealed and access denied', async () => {
    const { provider, state } = await setup();
    const missing: SecretDescriptor = {
      ...jwtSecret,
      name: 'gone',
      placements: { dev: { provider: 'vault', path: 'nope' } },
    };
    expect(errorOf((await provider.fetch([req(missing)], signal()))[0]).code).toBe('NOT_FOUND');
    state.sealed = true;
    expect(errorOf((await provider.fetch([req(jwtSecret)], signal()))[0])).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    state.sealed = false;
    state.validTokens.clear();
    // a static token cannot log in again: access denied
    expect(errorOf((await provider.fetch([req(jwtSecret)], signal()))[0]).code).toBe('ACCESS_DENIED');
  });

  it('logs in with AppRole and logs in again once when the token is revoked mid-run', async () => {
    const { provider, state, server } = await setup({
      method: 'approle',
      roleId: 'role',
      secretId: 'CANARY-secret-id',
    });
    expect((await provider.fetch([req(jwtSecret)], signal()))[0]?.ok).toBe(true);
    expect(state.logins).toBe(1);
    state.validTokens.clear(); // revoked / expired
    expect((await provider.fetch([req(jwtSecret)], signal()))[0]?.ok).toBe(true);
    expect(state.logins).toBe(2);
    const login = server.requests.find((r) => r.url === '/v1/auth/approle/login');
    expect(JSON.parse(login?.body ?? '{}')).toEqual({ role_id: 'role', secret_id: 'CANARY-secret-id' });
  });

  it('renews the token after 2/3 of its TTL on the clock', async () => {
    const { provider, server, clock } = await setup({ method: 'approle', roleId: 'role', secretId: 's' });
    await provider.fetch([req(jwtSecret)], signal());
    await clock.advance(30_000);
    await provider.fetch([req(jwtSecret)], signal());
    expect(server.requests.filter((r) => r.url.includes('renew-self'))).toHaveLength(0);
    await clock.advance(15_000);
    await provider.fetch([req(jwtSecret)], signal());
    expect(server.requests.filter((r) => r.url === '/v1/auth/token/renew-self')).toHaveLength(1);
  });

  it('logs in with the Kubernetes service-account JWT and sends the namespace header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locksmith-sa-'));
    try {
      writeFileSync(join(dir, 'token'), 'eyJhbGciOiJSUzI1NiJ9.sa-token.sig\n');
      const { provider, server } = await setup(
        { method: 'kubernetes', role: 'api', jwtPath: join(dir, 'token') },
        'team-a',
      );
      expect((await provider.fetch([req(jwtSecret)], signal()))[0]?.ok).toBe(true);
      const login = server.requests.find((r) => r.url === '/v1/auth/kubernetes/login');
      expect(JSON.parse(login?.body ?? '{}')).toEqual({
        role: 'api',
        jwt: 'eyJhbGciOiJSUzI1NiJ9.sa-token.sig',
      });
      expect(server.requests.every((r) => r.headers['x-vault-namespace'] === 'team-a')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failed login is AUTH_FAILED; an unreachable Vault is NETWORK', async () => {
    const { provider } = await setup({ method: 'kubernetes', role: 'api', jwtPath: '/nonexistent/token' });
    expect(errorOf((await provider.fetch([req(jwtSecret)], signal()))[0]).code).toBe('AUTH_FAILED');
    const down = createVaultProvider({
      endpoint: 'http://127.0.0.1:1',
      auth: { method: 'token', token: 'x' },
    });
    expect(errorOf((await down.fetch([req(jwtSecret)], signal()))[0])).toMatchObject({
      code: 'NETWORK',
      retryable: true,
    });
  });

  it('a Vault that never answers ends with TIMEOUT after requestTimeoutMs', async () => {
    server = await startServer(() => undefined);
    const provider = createVaultProvider({
      endpoint: server.url,
      auth: { method: 'token', token: 'root-token' },
      requestTimeoutMs: 100,
    });
    expect(errorOf((await provider.fetch([req(jwtSecret)], signal()))[0])).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    });
  });

  it('an aborted signal stops waiting at once', async () => {
    server = await startServer(() => undefined);
    const provider = createVaultProvider({
      endpoint: server.url,
      auth: { method: 'token', token: 'root-token' },
    });
    const [result] = await provider.fetch([req(jwtSecret)], AbortSignal.abort());
    expect(errorOf(result).code).toBe('ABORTED');
  });

  it('refuses the pending stage, which KV v2 does not have', async () => {
    const { provider } = await setup();
    expect(errorOf((await provider.fetch([req(jwtSecret, 'pending')], signal()))[0]).code).toBe(
      'INVALID_REQUEST',
    );
  });

  it('is built from the catalog by the client (token auth, mount) and feeds decoding and rotation', async () => {
    const vault = fakeVault();
    server = await startServer(vault.handler);
    const descriptor = shopDescriptor();
    const allVault = {
      ...descriptor,
      secrets: Object.fromEntries(
        Object.entries(descriptor.secrets).map(([name, s]) => [
          name,
          { ...s, placements: { dev: { provider: 'vault' as const, path: s.placements.dev!.path } } },
        ]),
      ),
    };
    vault.state.kv.set('shop/dev/api-token', [{ data: { value: CANARY.token } }]);
    const client = createSecretClient<{ database: { port: number }; 'jwt-signing-key': string }>(allVault, {
      environment: 'dev',
      vaultEndpoint: server.url,
      processEnv: { VAULT_TOKEN: 'root-token' },
      clock: new FakeClock(),
      metrics: false,
    });
    try {
      await client.preload();
      expect((await client.get('database')).port).toBe(6432);
      const versions = await client.secret('jwt-signing-key').versions();
      expect(versions.current.versionId).toBe('4');
      expect(versions.previous?.versionId).toBe('2');
      expect(client.health().secrets.every((s) => s.provider === 'vault')).toBe(true);
    } finally {
      await client.close();
    }
  });
});
