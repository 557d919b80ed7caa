import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { createEnvProvider } from '../src/providers/env.js';
import type { FetchRequest, SecretClient } from '../src/types.js';
import { expectNoCanary, recordingLogger } from './helpers/canary.js';
import { CANARY, databaseSecret, jwtSecret, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock } from './helpers/fake-clock.js';

const signal = new AbortController().signal;
const request = (secret = databaseSecret): FetchRequest => ({
  secret,
  placement: secret.placements.dev!,
  environment: 'dev',
  stage: 'current',
});

const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

describe('env provider', () => {
  it('assembles an object secret from several variables by their catalog names', async () => {
    const env = { DATABASE_URL: CANARY.url, DB_PASSWORD: CANARY.password, DB_PORT: '6000' };
    const [result] = await createEnvProvider({ env }).fetch([request()], signal);
    expect(result).toEqual({
      ok: true,
      version: {
        versionId: 'env-1',
        value: { kind: 'fields', fields: { url: CANARY.url, password: CANARY.password, port: '6000' } },
      },
    });
  });

  it('reads a string secret under the empty field key', async () => {
    const [result] = await createEnvProvider({ env: { JWT_SECRET: CANARY.jwt } }).fetch(
      [request(jwtSecret)],
      signal,
    );
    expect(result?.ok && result.version.value).toEqual({ kind: 'fields', fields: { '': CANARY.jwt } });
  });

  it('reports missing required variables by name only', async () => {
    const [result] = await createEnvProvider({ env: { DB_PASSWORD: CANARY.password } }).fetch(
      [request()],
      signal,
    );
    expect(result?.ok).toBe(false);
    if (result && !result.ok) {
      expect(result.error).toMatchObject({ code: 'NOT_FOUND', secret: 'database' });
      expect(result.error.message).toContain('DATABASE_URL');
      expectNoCanary(result.error.message);
    }
  });

  it('bumps the version id when the variables change', async () => {
    const env: Record<string, string> = { JWT_SECRET: CANARY.jwt };
    const provider = createEnvProvider({ env });
    const ids: string[] = [];
    for (const value of [CANARY.jwt, CANARY.jwt, CANARY.jwtNext]) {
      env.JWT_SECRET = value;
      const [r] = await provider.fetch([request(jwtSecret)], signal);
      if (r?.ok) ids.push(r.version.versionId);
    }
    expect(ids).toEqual(['env-1', 'env-1', 'env-2']);
  });

  it('drives a client end to end and warns loudly, by name, when used in production', async () => {
    const { lines, logger } = recordingLogger();
    const processEnv = {
      LOCKSMITH_ENV: 'prod',
      LOCKSMITH_PROVIDER: 'env',
      DATABASE_URL: CANARY.url,
      DB_PASSWORD: CANARY.password,
      JWT_SECRET: CANARY.jwt,
      API_TOKEN: CANARY.token,
    };
    const client = createSecretClient<{ database: { port: number } }>(shopDescriptor(), {
      processEnv,
      logger,
      clock: new FakeClock(),
      metrics: false,
    });
    clients.push(client);
    await client.preload();
    expect((await client.get('database')).port).toBe(5432);
    const warning = lines.find((l) => l.level === 'warn');
    expect(warning?.obj).toMatchObject({
      event: 'env_provider_in_production',
      environment: 'prod',
      secrets: ['database', 'jwt-signing-key', 'api-token'],
    });
    expectNoCanary(JSON.stringify(lines));
  });
});
