import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createVaultProvider, type VaultAuth } from '../src/providers/vault.js';
import type { FetchRequest, FetchResult, SecretDescriptor } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY, databaseSecret, jwtSecret } from './helpers/descriptor.js';
import { FakeClock } from './helpers/fake-clock.js';
import { json, type RecordedRequest, startServer } from './helpers/http-server.js';

/**
 * How node-vault and the runtime take each kind of answer a Vault can give: every status the
 * runtime names, KV v2 bodies missing their parts, and the login and renewal answers of each auth
 * method. The Vault here answers what each test scripts; the client is the real node-vault.
 */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Answer = (req: RecordedRequest, res: ServerResponse) => void;

async function vaultAnswering(answer: Answer, auth: VaultAuth = { method: 'token', token: 'root-token' }) {
  server = await startServer((req, res) => {
    if (req.url === '/v1/auth/token/lookup-self') return json(res, 200, { data: { ttl: 0 } });
    answer(req, res);
  });
  const clock = new FakeClock();
  const provider = createVaultProvider({ endpoint: server.url, auth, clock });
  return { server, provider, clock };
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

const kv = (data: unknown, metadata: unknown) => ({ data: { data, metadata } });

describe('vault statuses', () => {
  it('maps each status to its code: 401/403 denied, 412 and 5xx and 473 unavailable, 429 throttled, other 4xx invalid', async () => {
    let status = 0;
    const { provider } = await vaultAnswering((_req, res) =>
      json(res, status, { errors: [`echo ${CANARY.password}`] }),
    );
    const cases: [number, string][] = [
      [401, 'ACCESS_DENIED'],
      [403, 'ACCESS_DENIED'],
      [404, 'NOT_FOUND'],
      [400, 'INVALID_REQUEST'],
      [405, 'INVALID_REQUEST'],
      [412, 'UNAVAILABLE'],
      [429, 'THROTTLED'],
      [473, 'UNAVAILABLE'],
      [500, 'UNAVAILABLE'],
      [502, 'UNAVAILABLE'],
      [503, 'UNAVAILABLE'],
    ];
    const got: string[] = [];
    for (const [s] of cases) {
      status = s;
      const error = errorOf((await provider.fetch([req(databaseSecret)], signal()))[0]);
      got.push(`${s} → ${error.code}`);
      expect(error.message).toBe(`vault: secret "database" failed: HTTP ${s}`);
    }
    expect(got).toEqual(cases.map(([s, code]) => `${s} → ${code}`));
  });

  it('a body that is not JSON is MALFORMED_RESPONSE', async () => {
    const { provider } = await vaultAnswering((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": ');
    });
    expect(errorOf((await provider.fetch([req(databaseSecret)], signal()))[0])).toMatchObject({
      code: 'MALFORMED_RESPONSE',
      secret: 'database',
      provider: 'vault',
    });
  });
});

describe('KV v2 bodies', () => {
  it('an entry without data or metadata.version is MALFORMED_RESPONSE', async () => {
    const bodies = [kv(null, { version: 1 }), kv({ value: CANARY.jwt }, {}), kv('text', { version: 1 }), {}];
    let body: unknown;
    const { provider } = await vaultAnswering((_req, res) => json(res, 200, body));
    for (body of bodies) {
      expect(
        errorOf((await provider.fetch([req(jwtSecret)], signal()))[0]),
        JSON.stringify(body),
      ).toMatchObject({
        code: 'MALFORMED_RESPONSE',
        secret: 'jwt-signing-key',
        message: 'vault: KV v2 response lacks data or metadata.version (secret "jwt-signing-key")',
      });
    }
  });

  it('a string secret whose entry has no `value` key fails validation on /value, naming the rule', async () => {
    const { provider } = await vaultAnswering((_req, res) =>
      json(res, 200, kv({ key: CANARY.jwt }, { version: 3 })),
    );
    expect(errorOf((await provider.fetch([req(jwtSecret)], signal()))[0])).toMatchObject({
      code: 'VALIDATION_FAILED',
      secret: 'jwt-signing-key',
      field: '/value',
      rule: 'required',
    });
  });

  it('the version is the entry version; its created_time the creation date, when Vault gives one', async () => {
    let metadata: Record<string, unknown> = { version: 7, created_time: '2026-11-01T10:00:00.5Z' };
    const { provider } = await vaultAnswering((_req, res) =>
      json(res, 200, kv({ value: CANARY.jwt }, metadata)),
    );
    expect((await provider.fetch([req(jwtSecret)], signal()))[0]).toEqual({
      ok: true,
      version: {
        versionId: '7',
        value: { kind: 'text', text: CANARY.jwt },
        createdAt: new Date('2026-11-01T10:00:00.5Z'),
      },
    });
    metadata = { version: 8 };
    expect((await provider.fetch([req(jwtSecret)], signal()))[0]).toEqual({
      ok: true,
      version: { versionId: '8', value: { kind: 'text', text: CANARY.jwt } },
    });
  });

  it('previous: metadata without current_version is MALFORMED_RESPONSE; a version without deletion_time is live', async () => {
    let metadata: unknown = { data: { versions: {} } };
    const { provider, server } = await vaultAnswering((r, res) => {
      if (r.url.startsWith('/v1/secret/metadata/')) return json(res, 200, metadata);
      json(res, 200, kv({ value: CANARY.jwt }, { version: 1 }));
    });
    expect(errorOf((await provider.fetch([req(jwtSecret, 'previous')], signal()))[0])).toMatchObject({
      code: 'MALFORMED_RESPONSE',
      message: 'vault: metadata lacks current_version (secret "jwt-signing-key")',
    });
    metadata = {
      data: { current_version: 3, versions: { '1': {}, '2': { deletion_time: '2026-11-02T00:00:00Z' } } },
    };
    expect((await provider.fetch([req(jwtSecret, 'previous')], signal()))[0]).toMatchObject({ ok: true });
    expect(server.requests.at(-1)?.url).toBe('/v1/secret/data/shop/dev/jwt-signing-key?version=1');
  });
});
