import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVault, type FaultKind, startFakeVault } from '../src/index.js';
import { vaultClient, vaultFailure } from './vault-helpers.js';

let fake: FakeVault;
let client: ReturnType<typeof vaultClient>;
beforeEach(async () => {
  fake = await startFakeVault();
  fake.kv.put('k', { v: '1' });
  client = vaultClient(fake, fake.rootToken, { requestOptions: { timeout: 200 } });
});
afterEach(() => fake.close());

const answers: [FaultKind, number, unknown][] = [
  ['throttle', 429, { errors: ['request path "/v1/": rate limit quota exceeded'] }],
  ['500', 500, { errors: ['1 error occurred:\n\t* internal error\n\n'] }],
  ['503', 503, { errors: ['local node not active but active cluster node not found'] }],
  ['sealed', 503, { errors: ['Vault is sealed'] }],
  ['denied', 403, { errors: ['1 error occurred:\n\t* permission denied\n\n'] }],
  ['expired-token', 403, { errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'] }],
  ['not-found', 404, { errors: [] }],
  ['decryption', 500, { errors: ['1 error occurred:\n\t* failed to decrypt the value\n\n'] }],
];

describe('fault injection on the fake Vault (node-vault)', () => {
  it.each(answers)('%s answers %i with Vault errors body', async (kind, status, body) => {
    fake.faults.inject({ op: 'kv.read', path: '/v1/secret/data/k', error: kind });
    expect(await vaultFailure(client.read('secret/data/k'))).toMatchObject({ status, body });
    expect((await client.read('secret/data/k')).data.data).toEqual({ v: '1' });
  });

  it('reset, malformed and truncated fail the request at the transport', async () => {
    for (const kind of ['reset', 'truncated'] as const) {
      fake.faults.inject({ error: kind });
      const failure = await vaultFailure(client.read('secret/data/k'));
      expect(failure.status).toBe(0);
    }
    fake.faults.inject({ error: 'malformed' });
    // node-vault hands back axios' unparsed text for a body that is not JSON.
    expect(typeof (await client.read('secret/data/k'))).toBe('string');
  });

  it('hang never answers; the client timeout ends the request', async () => {
    fake.faults.inject({ error: 'hang' });
    const quick = vaultClient(fake, fake.rootToken, { requestOptions: { timeout: 20 } });
    const failure = await vaultFailure(quick.read('secret/data/k'));
    expect(failure.message).toMatch(/timeout/i);
  });

  it('an outage window uses the fake clock', async () => {
    fake.faults.outage({ fromMs: 0, toMs: 1000, error: 'sealed' });
    expect((await vaultFailure(client.read('secret/data/k'))).status).toBe(503);
    fake.clock.advance(1000);
    expect((await client.read('secret/data/k')).data.data).toEqual({ v: '1' });
  });

  it('keeps values out of the request log and inspect output', async () => {
    fake.kv.put('canary', { password: 'canary-vault-7d1e' });
    await client.read('secret/data/canary');
    expect(JSON.stringify(fake.requests.entries())).not.toContain('canary-vault-7d1e');
    expect(inspect(fake, { depth: 10 })).not.toContain('canary-vault-7d1e');
  });

  it('logs op, status and principal for each request', async () => {
    await client.read('secret/data/k');
    await vaultFailure(client.read('secret/data/none'));
    expect(fake.requests.entries().map((e) => [e.op, e.status, e.principal])).toEqual([
      ['kv.read', 200, 'root'],
      ['kv.read', 404, 'root'],
    ]);
  });
});
