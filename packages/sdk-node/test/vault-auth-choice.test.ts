import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { SecretsError } from '../src/errors.js';
import type { ServiceDescriptor } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY, jwtSecret, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock } from './helpers/fake-clock.js';
import { json, startServer } from './helpers/http-server.js';

/** The token a developer exports from `locksmith-fake`'s output; a canary, so a leak is caught. */
const DEV_TOKEN = 'CANARY-vault-dev-token-4b1d9e';
const dir = mkdtempSync(join(tmpdir(), 'locksmith-sa-'));
const PRESENT_JWT = join(dir, 'token');
writeFileSync(PRESENT_JWT, 'header.payload.signature');
const ABSENT_JWT = join(dir, 'no-such-token');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Vault that knows DEV_TOKEN and issues `k8s-token` on any login at any auth mount. */
async function startVault(): Promise<Server> {
  return startServer((req, res) => {
    if (/^\/v1\/auth\/[^/]+\/login$/.test(req.url)) {
      return json(res, 200, { auth: { client_token: 'k8s-token', lease_duration: 0, renewable: false } });
    }
    const token = String(req.headers['x-vault-token'] ?? '');
    if (token !== DEV_TOKEN && token !== 'k8s-token')
      return json(res, 403, { errors: ['permission denied'] });
    if (req.url === '/v1/auth/token/lookup-self')
      return json(res, 200, { data: { ttl: 0, renewable: false } });
    if (req.url.startsWith('/v1/secret/metadata/')) {
      return json(res, 200, {
        data: {
          current_version: 1,
          versions: { '1': { created_time: '2026-11-01T00:00:00Z', deletion_time: '', destroyed: false } },
        },
      });
    }
    if (req.url.startsWith('/v1/secret/data/')) {
      return json(res, 200, {
        data: { data: { value: CANARY.jwt }, metadata: { version: 1, created_time: '2026-11-01T00:00:00Z' } },
      });
    }
    json(res, 404, { errors: [] });
  });
}

/** The shop's api service, reading one Vault secret, with the catalog's auth set to Kubernetes. */
function kubernetesCatalog(): ServiceDescriptor {
  const shop = shopDescriptor();
  return {
    ...shop,
    providers: {
      ...shop.providers,
      vault: {
        mount: 'secret',
        authMethod: 'kubernetes',
        authMount: 'k8s-shop',
        roles: { dev: 'shop-dev-api' },
      },
    },
    secrets: { 'jwt-signing-key': jwtSecret },
  };
}

function clientFor(processEnv: Record<string, string>, serviceAccountTokenPath: string) {
  return createSecretClient<{ 'jwt-signing-key': string }>(kubernetesCatalog(), {
    environment: 'dev',
    vaultEndpoint: server!.url,
    processEnv,
    serviceAccountTokenPath,
    clock: new FakeClock(),
    metrics: false,
    retry: { attempts: 1 },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<SecretsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretsError);
  return error as SecretsError;
}

const logins = () => server!.requests.filter((r) => r.url.endsWith('/login')).map((r) => r.url);
const tokensSent = () => new Set(server!.requests.map((r) => r.headers['x-vault-token']).filter(Boolean));

describe('Vault auth outside a cluster: VAULT_TOKEN and LOCKSMITH_VAULT_AUTH', () => {
  it('a Kubernetes catalog with no service-account token file reads with VAULT_TOKEN (locksmith-fake)', async () => {
    server = await startVault();
    const client = clientFor({ VAULT_TOKEN: DEV_TOKEN }, ABSENT_JWT);
    try {
      expect(await client.get('jwt-signing-key')).toBe(CANARY.jwt);
      expect(logins()).toEqual([]);
      expect(tokensSent()).toEqual(new Set([DEV_TOKEN]));
    } finally {
      await client.close();
    }
  });

  it('inside a cluster (the token file exists) the catalog method wins even with VAULT_TOKEN set', async () => {
    server = await startVault();
    const client = clientFor({ VAULT_TOKEN: DEV_TOKEN }, PRESENT_JWT);
    try {
      expect(await client.get('jwt-signing-key')).toBe(CANARY.jwt);
      expect(logins()).toEqual(['/v1/auth/k8s-shop/login']);
      expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ role: 'shop-dev-api' });
      expect(tokensSent()).toEqual(new Set(['k8s-token']));
    } finally {
      await client.close();
    }
  });

  it('LOCKSMITH_VAULT_AUTH=token overrides the catalog, token file or not', async () => {
    server = await startVault();
    const client = clientFor({ VAULT_TOKEN: DEV_TOKEN, LOCKSMITH_VAULT_AUTH: 'token' }, PRESENT_JWT);
    try {
      expect(await client.get('jwt-signing-key')).toBe(CANARY.jwt);
      expect(logins()).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('LOCKSMITH_VAULT_AUTH=approle logs in at the default approle mount, not the catalog Kubernetes mount', async () => {
    server = await startVault();
    const client = clientFor(
      { LOCKSMITH_VAULT_AUTH: 'approle', VAULT_ROLE_ID: 'role-id', VAULT_SECRET_ID: 'CANARY-secret-id-77' },
      PRESENT_JWT,
    );
    try {
      expect(await client.get('jwt-signing-key')).toBe(CANARY.jwt);
      expect(logins()).toEqual(['/v1/auth/approle/login']);
    } finally {
      await client.close();
    }
  });

  it('LOCKSMITH_VAULT_AUTH=kubernetes does not fall back to VAULT_TOKEN', async () => {
    server = await startVault();
    const client = clientFor({ VAULT_TOKEN: DEV_TOKEN, LOCKSMITH_VAULT_AUTH: 'kubernetes' }, ABSENT_JWT);
    try {
      const error = await failureOf(client.get('jwt-signing-key'));
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.message).toContain(
        `cannot read the service-account token at ${ABSENT_JWT}; tried: kubernetes`,
      );
      expect(server.requests).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('a refused VAULT_TOKEN says what was tried, and never shows the token', async () => {
    server = await startVault();
    const wrong = 'CANARY-wrong-token-9c2e71';
    const client = clientFor({ VAULT_TOKEN: wrong }, ABSENT_JWT);
    try {
      const error = await failureOf(client.get('jwt-signing-key'));
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.message).toContain(
        `vault: token login failed: ACCESS_DENIED; tried: kubernetes (no service-account token file at ${ABSENT_JWT}), token`,
      );
      expectNoCanary(`${error.message} ${JSON.stringify(error)} ${String(error.cause)}`, [wrong, DEV_TOKEN]);
    } finally {
      await client.close();
    }
  });

  it('with neither a token file nor VAULT_TOKEN, the error tells a developer what to export', async () => {
    server = await startVault();
    const client = clientFor({}, ABSENT_JWT);
    try {
      const error = await failureOf(client.get('jwt-signing-key'));
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.message).toMatch(
        /tried: kubernetes\. Outside a cluster, export VAULT_TOKEN \(locksmith-fake prints one\)\./,
      );
    } finally {
      await client.close();
    }
  });

  it('refuses an unknown LOCKSMITH_VAULT_AUTH and names what a chosen method is missing', () => {
    server = undefined;
    const make = (env: Record<string, string>) => () =>
      createSecretClient(kubernetesCatalog(), {
        environment: 'dev',
        vaultEndpoint: 'http://127.0.0.1:1',
        processEnv: env,
        serviceAccountTokenPath: ABSENT_JWT,
        metrics: false,
      });
    expect(make({ LOCKSMITH_VAULT_AUTH: 'ldap' })).toThrowError(
      expect.objectContaining({
        code: 'CONFIGURATION',
        message: expect.stringContaining('LOCKSMITH_VAULT_AUTH must be one of token, approle, kubernetes'),
      }),
    );
    expect(make({ LOCKSMITH_VAULT_AUTH: 'approle', VAULT_ROLE_ID: 'r' })).toThrowError(
      'vault approle auth (chosen by LOCKSMITH_VAULT_AUTH) needs VAULT_ROLE_ID and VAULT_SECRET_ID',
    );
    expect(make({ LOCKSMITH_VAULT_AUTH: 'token' })).toThrowError(
      'vault token auth (chosen by LOCKSMITH_VAULT_AUTH) needs VAULT_TOKEN',
    );
  });
});
