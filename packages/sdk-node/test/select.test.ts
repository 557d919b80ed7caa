import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { createEnvProvider } from '../src/providers/env.js';
import type { SecretClient, ServiceDescriptor } from '../src/types.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

function providersOf(client: SecretClient<object>): Record<string, string> {
  return Object.fromEntries(client.health().secrets.map((s) => [s.secret, s.provider]));
}

function make(descriptor: ServiceDescriptor, options: Parameters<typeof createSecretClient>[1]) {
  const client = createSecretClient(descriptor, { clock: new FakeClock(), metrics: false, ...options });
  clients.push(client);
  return client;
}

describe('provider selection', () => {
  const aws = new ScriptedProvider('aws');
  const vault = new ScriptedProvider('vault');

  it('source "store" reads each secret from its placement', () => {
    const client = make(shopDescriptor(), { environment: 'dev', providers: { aws, vault }, processEnv: {} });
    expect(providersOf(client)).toEqual({ database: 'aws', 'jwt-signing-key': 'vault', 'api-token': 'aws' });
  });

  it('LOCKSMITH_PROVIDER overrides the catalog, and options.provider overrides both', () => {
    const env = createEnvProvider({ env: {} });
    const viaEnv = make(shopDescriptor(), {
      environment: 'dev',
      providers: { env },
      processEnv: { LOCKSMITH_PROVIDER: 'env' },
    });
    expect(new Set(Object.values(providersOf(viaEnv)))).toEqual(new Set(['env']));
    const forced = make(shopDescriptor(), {
      environment: 'dev',
      provider: 'vault',
      providers: { vault },
      processEnv: { LOCKSMITH_PROVIDER: 'env' },
    });
    expect(new Set(Object.values(providersOf(forced)))).toEqual(new Set(['vault']));
  });

  it('uses the environment source from the catalog', () => {
    const descriptor = shopDescriptor();
    const local = {
      ...descriptor,
      environments: { ...descriptor.environments, dev: { source: 'env' as const, production: false } },
    };
    const client = make(local, { environment: 'dev', processEnv: {} });
    expect(new Set(Object.values(providersOf(client)))).toEqual(new Set(['env']));
  });

  it('rejects an unknown LOCKSMITH_PROVIDER and a built-in store without its settings', () => {
    expect(() =>
      make(shopDescriptor(), { environment: 'dev', processEnv: { LOCKSMITH_PROVIDER: 'consul' } }),
    ).toThrowError(expect.objectContaining({ code: 'CONFIGURATION' }));
    expect(() =>
      make(shopDescriptor(), { environment: 'dev', providers: { aws }, processEnv: {} }),
    ).toThrowError(/VAULT_ADDR/);
  });

  it('falls back only when asked, and only for what the first store could not answer', async () => {
    const primary = new ScriptedProvider('aws').set('api-token', 't1', CANARY.token);
    const env = createEnvProvider({ env: { JWT_SECRET: CANARY.jwt } });
    const withoutFallback = make(shopDescriptor(), { environment: 'dev', provider: primary, processEnv: {} });
    await expect(withoutFallback.get('jwt-signing-key' as never)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const client = make(shopDescriptor(), {
      environment: 'dev',
      provider: primary,
      providers: { env },
      fallback: ['env'],
      processEnv: {},
    }) as SecretClient<{ 'api-token': string; 'jwt-signing-key': string }>;
    expect(await client.get('api-token')).toBe(CANARY.token);
    expect(await client.get('jwt-signing-key')).toBe(CANARY.jwt);
    expect(providersOf(client)['jwt-signing-key']).toBe('aws>env');
  });
});
