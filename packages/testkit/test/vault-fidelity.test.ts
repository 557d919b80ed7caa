import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeVault, makeServiceAccountJwt, startFakeVault } from '../src/index.js';

/**
 * Where the fake Vault used to differ from Vault (issue #15, part 3). Each test fails on the old
 * behaviour. Raw fetch is used where the exact status, header or body is the point.
 */
let fake: FakeVault;
beforeEach(async () => {
  fake = await startFakeVault();
});
afterEach(() => fake.close());

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fake.endpoint}/v1/${path}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { 'x-vault-token': options.token }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const tokenWith = (rules: string): string => {
  fake.setPolicy('p', rules);
  return fake.createToken({ policies: ['p'] }).token;
};

describe('fake Vault fidelity', () => {
  it('authorises LIST against the folder with its trailing slash', async () => {
    fake.kv.put('app/one', { v: '1' });
    const exact = tokenWith('path "secret/metadata/app" { capabilities = ["list"] }');
    expect((await call('LIST', 'secret/metadata/app', { token: exact })).status).toBe(403);
    const glob = tokenWith('path "secret/metadata/app/*" { capabilities = ["list"] }');
    const listed = await call('GET', 'secret/metadata/app?list=true', { token: glob });
    expect(listed.status).toBe(200);
    expect((listed.body.data as { keys: string[] }).keys).toEqual(['one']);
  });

  it('answers an unknown or expired token with "invalid token", a missing one with "permission denied"', async () => {
    fake.kv.put('k', { v: '1' });
    expect((await call('GET', 'secret/data/k', { token: 'hvs.bogus' })).body).toEqual({
      errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'],
    });
    expect((await call('GET', 'secret/data/k')).body).toEqual({
      errors: ['1 error occurred:\n\t* permission denied\n\n'],
    });
  });

  it('checks the token and the ACL before it looks for a handler: 403 unless the caller may see the path', async () => {
    const limited = tokenWith('path "secret/data/*" { capabilities = ["read"] }');
    expect((await call('GET', 'nowhere/at/all', { token: limited })).status).toBe(403);
    expect((await call('GET', 'nowhere/at/all', { token: 'hvs.bogus' })).status).toBe(403);
    const root = await call('GET', 'nowhere/at/all', { token: fake.rootToken });
    expect(root.status).toBe(404);
    expect(root.body.errors).toEqual(['no handler for route "nowhere/at/all". route entry not found.']);
  });

  it('accepts the token as Authorization: Bearer', async () => {
    fake.kv.put('k', { v: 'bearer' });
    const answer = await call('GET', 'secret/data/k', {
      headers: { authorization: `Bearer ${fake.rootToken}` },
    });
    expect(answer.status).toBe(200);
    expect((answer.body.data as { data: unknown }).data).toEqual({ v: 'bearer' });
  });

  it('enables KV v2 mounts and auth methods, and manages AppRole roles over HTTP', async () => {
    const root = { token: fake.rootToken };
    expect(
      (await call('POST', 'sys/mounts/team', { ...root, body: { type: 'kv', options: { version: '2' } } }))
        .status,
    ).toBe(204);
    expect((await call('POST', 'sys/mounts/team', { ...root, body: { type: 'kv-v2' } })).status).toBe(400);
    expect((await call('POST', 'sys/mounts/v1', { ...root, body: { type: 'kv' } })).body.errors).toEqual([
      expect.stringMatching(/KV version 2 only/),
    ]);
    await call('POST', 'team/data/db', { ...root, body: { data: { password: 'p' } } });
    expect(
      (
        await call('POST', 'sys/policies/acl/team-read', {
          ...root,
          body: { policy: 'path "team/data/*" { capabilities = ["read"] }' },
        })
      ).status,
    ).toBe(204);
    expect((await call('POST', 'sys/auth/approle', { ...root, body: { type: 'approle' } })).status).toBe(204);
    expect(Object.keys((await call('GET', 'sys/auth', root)).body.data as object)).toEqual([
      'token/',
      'approle/',
    ]);
    await call('POST', 'auth/approle/role/svc', {
      ...root,
      body: { token_policies: 'team-read', token_ttl: '1h' },
    });
    const role = await call('GET', 'auth/approle/role/svc', root);
    expect(role.body.data).toMatchObject({ token_policies: ['team-read'], token_ttl: 3600 });
    expect((await call('LIST', 'auth/approle/role', root)).body.data).toEqual({ keys: ['svc'] });
    const roleId = (
      (await call('GET', 'auth/approle/role/svc/role-id', root)).body.data as { role_id: string }
    ).role_id;
    const secretId = (
      (await call('POST', 'auth/approle/role/svc/secret-id', root)).body.data as { secret_id: string }
    ).secret_id;
    const login = await call('POST', 'auth/approle/login', {
      body: { role_id: roleId, secret_id: secretId },
    });
    const token = (login.body.auth as { client_token: string; lease_duration: number }).client_token;
    expect((login.body.auth as { lease_duration: number }).lease_duration).toBe(3600);
    expect(((await call('GET', 'team/data/db', { token })).body.data as { data: unknown }).data).toEqual({
      password: 'p',
    });
    expect((await call('DELETE', 'sys/auth/approle', root)).status).toBe(204);
    expect(
      (await call('POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secretId } })).status,
    ).toBe(403);
    expect((await call('DELETE', 'sys/mounts/team', root)).status).toBe(204);
    expect((await call('GET', 'team/data/db', root)).status).toBe(404);
  });

  it('takes a JSON null body as an empty one, as Vault does (vault write -f, vault/api Write(path, nil))', async () => {
    const root = { token: fake.rootToken };
    await call('POST', 'sys/auth/approle', { ...root, body: { type: 'approle' } });
    await call('POST', 'auth/approle/role/svc', { ...root, body: { token_policies: 'default' } });
    const issued = await call('PUT', 'auth/approle/role/svc/secret-id', { ...root, body: null });
    expect(issued.status).toBe(200);
    expect((issued.body.data as { secret_id: string }).secret_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call('PUT', 'auth/approle/role/svc/secret-id', { ...root, body: [] })).status).toBe(400);
  });

  it('enables Kubernetes auth and its roles over HTTP', async () => {
    const root = { token: fake.rootToken };
    await call('POST', 'sys/auth/k8s', { ...root, body: { type: 'kubernetes' } });
    expect(
      (
        await call('POST', 'auth/k8s/config', {
          ...root,
          body: { kubernetes_host: 'https://kubernetes.default' },
        })
      ).status,
    ).toBe(204);
    await call('POST', 'auth/k8s/role/api', {
      ...root,
      body: {
        bound_service_account_names: 'api',
        bound_service_account_namespaces: ['shop'],
        token_policies: ['default'],
      },
    });
    const jwt = makeServiceAccountJwt({
      namespace: 'shop',
      serviceAccount: 'api',
      issuedAtMs: fake.clock.now(),
    });
    expect((await call('PUT', 'auth/k8s/login', { body: { role: 'api', jwt } })).status).toBe(200);
    const stranger = makeServiceAccountJwt({
      namespace: 'shop',
      serviceAccount: 'mallory',
      issuedAtMs: fake.clock.now(),
    });
    expect((await call('PUT', 'auth/k8s/login', { body: { role: 'api', jwt: stranger } })).status).toBe(403);

    // A role with an audience takes only tokens minted for it (the audience codegen's roles carry).
    await call('POST', 'auth/k8s/role/scoped', {
      ...root,
      body: {
        bound_service_account_names: ['api'],
        bound_service_account_namespaces: ['shop'],
        token_policies: ['default'],
        audience: 'vault',
      },
    });
    const role = await call('GET', 'auth/k8s/role/scoped', root);
    expect((role.body.data as { audience: string }).audience).toBe('vault');
    const refused = await call('PUT', 'auth/k8s/login', { body: { role: 'scoped', jwt } });
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([
      'invalid audience (aud) claim: audience claim does not match any expected audience',
    ]);
    const forVault = makeServiceAccountJwt({
      namespace: 'shop',
      serviceAccount: 'api',
      audience: ['https://kubernetes.default.svc', 'vault'],
      issuedAtMs: fake.clock.now(),
    });
    expect((await call('PUT', 'auth/k8s/login', { body: { role: 'scoped', jwt: forVault } })).status).toBe(
      200,
    );
  });

  it('reports oldest_version 0 until max_versions drops a version', async () => {
    const root = { token: fake.rootToken };
    await call('POST', 'secret/metadata/k', { ...root, body: { max_versions: 2 } });
    for (const v of ['1', '2']) await call('POST', 'secret/data/k', { ...root, body: { data: { v } } });
    expect(
      ((await call('GET', 'secret/metadata/k', root)).body.data as { oldest_version: number }).oldest_version,
    ).toBe(0);
    await call('POST', 'secret/data/k', { ...root, body: { data: { v: '3' } } });
    const meta = (await call('GET', 'secret/metadata/k', root)).body.data as {
      oldest_version: number;
      versions: object;
    };
    expect(meta.oldest_version).toBe(2);
    expect(Object.keys(meta.versions)).toEqual(['2', '3']);
  });

  it('puts mount_type in the envelope and identity_policies in lookup-self', async () => {
    fake.kv.put('k', { v: '1' });
    expect((await call('GET', 'secret/data/k', { token: fake.rootToken })).body.mount_type).toBe('kv');
    const self = await call('GET', 'auth/token/lookup-self', { token: fake.rootToken });
    expect(self.body.mount_type).toBe('token');
    expect(self.body.data).toMatchObject({ identity_policies: [] });
  });

  it('reports enterprise, clock_skew_ms and echo_duration_ms in sys/health, and a DR secondary as 472', async () => {
    expect((await call('GET', 'sys/health')).body).toMatchObject({
      enterprise: false,
      clock_skew_ms: 0,
      echo_duration_ms: 0,
    });
    fake.setHealth({ drSecondary: true });
    const dr = await call('GET', 'sys/health');
    expect(dr.status).toBe(472);
    expect(dr.body.replication_dr_mode).toBe('secondary');
    expect((await call('GET', 'sys/health?drsecondaryok=true')).status).toBe(200);
  });

  it('reports the granted TTL as lease_duration even while the clock moves during the answer', async () => {
    // A clock that moves 5 ms every time it is read, as the real one does between issuing and answering.
    const base = createFakeClock();
    let t = base.now();
    const ticking = { ...base, now: () => (t += 5) };
    const moving = await startFakeVault({ clock: ticking });
    try {
      const { roleId, secretId } = moving.addAppRole('r', { policies: ['default'], tokenTtlMs: 3_600_000 });
      const response = await fetch(`${moving.endpoint}/v1/auth/approle/login`, {
        method: 'POST',
        body: JSON.stringify({ role_id: roleId, secret_id: secretId }),
      });
      expect(((await response.json()) as { auth: { lease_duration: number } }).auth.lease_duration).toBe(
        3600,
      );
    } finally {
      await moving.close();
    }
  });

  it('answers PATCH without application/merge-patch+json with 415', async () => {
    fake.kv.put('k', { a: '1', b: '2' });
    const body = { data: { b: null, c: '3' } };
    const plain = await call('PATCH', 'secret/data/k', { token: fake.rootToken, body });
    expect(plain.status).toBe(415);
    const merge = await call('PATCH', 'secret/data/k', {
      token: fake.rootToken,
      body,
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(merge.status).toBe(200);
    expect(fake.kv.get('k')?.data).toEqual({ a: '1', c: '3' });
  });
});
