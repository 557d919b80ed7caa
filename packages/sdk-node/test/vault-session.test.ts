import { afterEach, describe, expect, it } from 'vitest';
import { createVaultProvider, type VaultAuth } from '../src/providers/vault.js';
import { connectVault } from '../src/providers/vault-connection.js';
import type { FetchRequest } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY, jwtSecret } from './helpers/descriptor.js';
import { FakeClock } from './helpers/fake-clock.js';
import { json, type RecordedRequest, startServer } from './helpers/http-server.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** How the scripted Vault answers logins, lookups and renewals; KV reads answer `kvStatus`. */
interface Script {
  login: () => Record<string, unknown>;
  lookup: { ttl: number; renewable: boolean };
  renewStatus: number;
  kvStatus: number;
}

async function scriptedVault(script: Script) {
  server = await startServer((req: RecordedRequest, res) => {
    if (req.url.endsWith('/login')) return json(res, 200, script.login());
    if (req.url === '/v1/auth/token/lookup-self') return json(res, 200, { data: script.lookup });
    if (req.url === '/v1/auth/token/renew-self') {
      if (script.renewStatus !== 200) return json(res, script.renewStatus, { errors: ['cannot renew'] });
      return json(res, 200, { auth: { client_token: 'renewed', lease_duration: 60, renewable: true } });
    }
    if (script.kvStatus !== 200) return json(res, script.kvStatus, { errors: [] });
    return json(res, 200, { data: { data: { value: CANARY.jwt }, metadata: { version: 1 } } });
  });
  return server;
}

const defaults = (): Script => ({
  login: () => ({ auth: { client_token: 'issued', lease_duration: 60, renewable: true } }),
  lookup: { ttl: 60, renewable: true },
  renewStatus: 200,
  kvStatus: 200,
});

const req: FetchRequest = {
  secret: jwtSecret,
  placement: jwtSecret.placements.dev!,
  environment: 'dev',
  stage: 'current',
};
const urls = (vault: Server, part: string) => vault.requests.filter((r) => r.url.includes(part)).length;

async function provider(vault: Server, auth: VaultAuth, clock = new FakeClock()) {
  return { clock, provider: createVaultProvider({ endpoint: vault.url, auth, clock }) };
}

describe('vault session: renewals that fail, and logins that answer oddly', () => {
  it('a renewal that fails logs in again (AppRole)', async () => {
    const script = { ...defaults(), renewStatus: 403 };
    const vault = await scriptedVault(script);
    const { clock, provider: p } = await provider(vault, { method: 'approle', roleId: 'r', secretId: 's' });
    await p.fetch([req], AbortSignal.timeout(5_000));
    await clock.advance(41_000);
    const [result] = await p.fetch([req], AbortSignal.timeout(5_000));
    expect(result?.ok).toBe(true);
    expect([urls(vault, 'renew-self'), urls(vault, 'approle/login')]).toEqual([1, 2]);
  });

  it('a static token whose renewal fails is AUTH_FAILED, and nothing logs in', async () => {
    const vault = await scriptedVault({ ...defaults(), renewStatus: 403 });
    const { clock, provider: p } = await provider(vault, { method: 'token', token: CANARY.token });
    await p.fetch([req], AbortSignal.timeout(5_000));
    await clock.advance(41_000);
    const [result] = await p.fetch([req], AbortSignal.timeout(5_000));
    if (!result || result.ok) throw new Error('expected a failure');
    const error = result.error;
    expect(error).toMatchObject({ code: 'AUTH_FAILED', provider: 'vault' });
    expect(error.message).toContain('vault: token renewal failed');
    expectNoCanary(`${error.message} ${JSON.stringify(error)}`);
    expect(urls(vault, '/login')).toBe(0);
  });

  it('a static token Vault calls non-renewable is used as it is, never renewed', async () => {
    const vault = await scriptedVault({ ...defaults(), lookup: { ttl: 60, renewable: false } });
    const { clock, provider: p } = await provider(vault, { method: 'token', token: 'static' });
    await p.fetch([req], AbortSignal.timeout(5_000));
    await clock.advance(50_000);
    await p.fetch([req], AbortSignal.timeout(5_000));
    expect([urls(vault, 'renew-self'), urls(vault, 'lookup-self')]).toEqual([0, 1]);
  });

  it('a non-renewable AppRole token is replaced on time (the renewal fails, a login follows)', async () => {
    const script = {
      ...defaults(),
      renewStatus: 400,
      login: () => ({ auth: { client_token: 'issued', lease_duration: 60, renewable: false } }),
    };
    const vault = await scriptedVault(script);
    const { clock, provider: p } = await provider(vault, { method: 'approle', roleId: 'r', secretId: 's' });
    await p.fetch([req], AbortSignal.timeout(5_000));
    await clock.advance(39_000);
    await p.fetch([req], AbortSignal.timeout(5_000));
    expect(urls(vault, 'approle/login')).toBe(1);
    await clock.advance(2_000);
    await p.fetch([req], AbortSignal.timeout(5_000));
    expect(urls(vault, 'approle/login')).toBe(2);
  });

  it('a login answer without client_token is MALFORMED_RESPONSE', async () => {
    const vault = await scriptedVault({ ...defaults(), login: () => ({ auth: { lease_duration: 60 } }) });
    const connection = connectVault({
      endpoint: vault.url,
      auth: { method: 'approle', roleId: 'r', secretId: CANARY.password },
    });
    const error = await connection.ensureToken().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'MALFORMED_RESPONSE',
      provider: 'vault',
      message: 'vault: login response has no client_token',
    });
  });

  it('a service-account token that cannot be read is AUTH_FAILED naming the path', async () => {
    const vault = await scriptedVault(defaults());
    const connection = connectVault({
      endpoint: vault.url,
      auth: { method: 'kubernetes', role: 'api', jwtPath: '/nonexistent/sa-token' },
    });
    await expect(connection.ensureToken()).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      provider: 'vault',
      // The path, the methods tried, and the way out of a cluster (VAULT_TOKEN).
      message: expect.stringMatching(
        /^vault: cannot read the service-account token at \/nonexistent\/sa-token; tried: kubernetes\. .*VAULT_TOKEN/,
      ),
    });
  });

  it('only a 403 makes a fresh login and one retry; other refusals fail at once', async () => {
    const script = { ...defaults(), kvStatus: 404 };
    const vault = await scriptedVault(script);
    const { provider: p } = await provider(vault, { method: 'approle', roleId: 'r', secretId: 's' });
    const [missing] = await p.fetch([req], AbortSignal.timeout(5_000));
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect([urls(vault, 'approle/login'), urls(vault, '/v1/secret/')]).toEqual([1, 1]);
    script.kvStatus = 403;
    const [denied] = await p.fetch([req], AbortSignal.timeout(5_000));
    expect(denied).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect([urls(vault, 'approle/login'), urls(vault, '/v1/secret/')]).toEqual([2, 3]);
  });
});
