import { scrypt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { loadCatalog } from '@locksmith/schema';
import { createTestSecrets, memoryProvider } from '@locksmith/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiSecrets } from '../generated/ts/api.js';
import { createApp } from '../src/app.js';
import { LoginLimiter } from '../src/http/login-limiter.js';
import { memoryProfileStore } from '../src/store/profiles.js';
import { memoryUserStore } from '../src/store/users.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

describe('password checks do not tell which users exist', () => {
  it('hashes once for an unknown user, as for a known one, and answers false', async () => {
    const salts: Buffer[] = [];
    const users = memoryUserStore(async (password, salt) => {
      salts.push(salt);
      return scryptAsync(password, salt, 32);
    });
    await users.register('ada', 'correct horse battery');
    salts.length = 0;
    expect(await users.check('ada', 'wrong')).toBe(false);
    expect(await users.check('nobody', 'wrong')).toBe(false);
    expect(await users.check('nobody', 'correct horse battery')).toBe(false);
    expect(await users.check('ada', 'correct horse battery')).toBe(true);
    // One scrypt per check whoever asks: the unknown name is hashed against a dummy record.
    expect(salts).toHaveLength(4);
    expect(salts[1]!.length).toBe(16);
  });
});

describe('POST /login', () => {
  let baseUrl: string;
  let clock = 1_800_000_000;
  let close: () => Promise<void>;
  const login = async (user: string, password: string) => {
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      body: JSON.stringify({ user, password }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.json(),
    };
  };

  beforeAll(async () => {
    const catalog = await loadCatalog(new URL('../secrets.catalog.yaml', import.meta.url).pathname);
    const values = createTestSecrets(catalog, {}, { environment: 'staging' });
    const secrets = createApiSecrets({
      environment: 'staging',
      provider: memoryProvider(values),
      metrics: false,
    });
    await secrets.preload();
    const users = memoryUserStore();
    await users.register('ada', 'correct horse battery');
    await users.register('grace', 'another long password');
    const server = createApp({
      secrets,
      users,
      profiles: memoryProfileStore(),
      nowSeconds: () => clock,
      loginLimiter: new LoginLimiter({ maxFailures: 3, windowSeconds: 600 }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.close();
      await secrets.close();
    };
  });
  afterAll(() => close());

  it('answers an unknown user exactly as a wrong password', async () => {
    expect(await login('nobody', 'x')).toEqual(await login('ada', 'x'));
    expect((await login('nobody', 'x')).body).toEqual({ error: 'wrong user or password' });
  });

  it('refuses further attempts with 429 and Retry-After once the failures reach the limit, then lets them in after the window', async () => {
    clock += 10_000; // a fresh window
    for (let i = 0; i < 3; i++) expect((await login('grace', 'guess')).status).toBe(401);
    // Even the right password is refused while the account is throttled.
    expect(await login('grace', 'another long password')).toMatchObject({ status: 429, retryAfter: '600' });
    clock += 601;
    expect((await login('grace', 'another long password')).status).toBe(200);
  });

  it('throttles an address that tries many accounts', async () => {
    clock += 10_000;
    for (const user of ['u1', 'u2', 'u3']) expect((await login(user, 'guess')).status).toBe(401);
    expect((await login('ada', 'correct horse battery')).status).toBe(429);
  });
});
