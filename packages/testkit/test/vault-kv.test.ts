import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVault, startFakeVault } from '../src/index.js';
import { vaultClient, vaultFailure } from './vault-helpers.js';

let fake: FakeVault;
let client: ReturnType<typeof vaultClient>;

beforeEach(async () => {
  fake = await startFakeVault();
  client = vaultClient(fake, fake.rootToken);
});
afterEach(() => fake.close());

describe('fake Vault KV v2 through node-vault', () => {
  it('writes versions and reads the current one or ?version=', async () => {
    const w1 = await client.write('secret/data/shop/dev/db', { data: { password: 'one' } });
    expect(w1.data.version).toBe(1);
    expect(w1.data.deletion_time).toBe('');
    fake.clock.advance(1000);
    await client.write('secret/data/shop/dev/db', { data: { password: 'two' } });
    const current = await client.read('secret/data/shop/dev/db');
    expect(current.data.data).toEqual({ password: 'two' });
    expect(current.data.metadata.version).toBe(2);
    expect(current.data.metadata.created_time).toBe(new Date(fake.clock.now()).toISOString());
    const first = await client.read('secret/data/shop/dev/db?version=1');
    expect(first.data.data).toEqual({ password: 'one' });
  });

  it('accepts PUT where node-vault uses POST (External Secrets Operator writes with PUT)', async () => {
    const res = await client.request({ path: '/secret/data/eso', method: 'PUT', json: { data: { a: '1' } } });
    expect(res.data.version).toBe(1);
    expect(fake.kv.get('eso')?.data).toEqual({ a: '1' });
  });

  it('enforces check-and-set', async () => {
    await client.write('secret/data/k', { data: { v: '1' }, options: { cas: 0 } });
    const stale = await vaultFailure(
      client.write('secret/data/k', { data: { v: '2' }, options: { cas: 0 } }),
    );
    expect(stale.status).toBe(400);
    expect(stale.body).toEqual({ errors: ['check-and-set parameter did not match the current version'] });
    const ok = await client.write('secret/data/k', { data: { v: '2' }, options: { cas: 1 } });
    expect(ok.data.version).toBe(2);
  });

  it('answers 404 with an empty errors list for a missing path', async () => {
    const missing = await vaultFailure(client.read('secret/data/nope'));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ errors: [] });
  });

  it('soft-deletes, undeletes and destroys versions, and reports them in metadata', async () => {
    for (const v of ['1', '2', '3']) await client.write('secret/data/k', { data: { v } });
    await client.delete('secret/data/k');
    const deleted = await vaultFailure(client.read('secret/data/k'));
    expect(deleted.status).toBe(404);
    expect((deleted.body as { data: { data: unknown; metadata: { version: number } } }).data.data).toBeNull();
    await client.write('secret/undelete/k', { versions: [3] });
    expect((await client.read('secret/data/k')).data.data).toEqual({ v: '3' });
    await client.write('secret/delete/k', { versions: [1] });
    await client.write('secret/destroy/k', { versions: [2] });
    const meta = await client.read('secret/metadata/k');
    expect(meta.data.current_version).toBe(3);
    expect(meta.data.versions['1'].deletion_time).not.toBe('');
    expect(meta.data.versions['2'].destroyed).toBe(true);
    expect(meta.data.versions['3']).toMatchObject({ deletion_time: '', destroyed: false });
    expect(fake.kv.get('k', { version: 2 })?.data).toBeNull();
  });

  it('lists with LIST and with GET ?list=true', async () => {
    for (const p of ['app/a', 'app/b', 'app/sub/c', 'other'])
      await client.write(`secret/data/${p}`, { data: { x: 1 } });
    expect((await client.list('secret/metadata/app')).data.keys).toEqual(['a', 'b', 'sub/']);
    const viaGet = vaultClient(fake, fake.rootToken, { noCustomHTTPVerbs: true });
    expect((await viaGet.list('secret/metadata/')).data.keys).toEqual(['app/', 'other']);
    expect((await vaultFailure(client.list('secret/metadata/none'))).status).toBe(404);
  });

  it('keeps at most max_versions versions', async () => {
    await client.write('secret/metadata/k', { max_versions: 2 });
    for (const v of ['1', '2', '3']) await client.write('secret/data/k', { data: { v } });
    const meta = await client.read('secret/metadata/k');
    expect(Object.keys(meta.data.versions)).toEqual(['2', '3']);
    expect(meta.data.oldest_version).toBe(2);
    expect((await vaultFailure(client.read('secret/data/k?version=1'))).status).toBe(404);
  });

  it('serves namespaced mounts only under their X-Vault-Namespace', async () => {
    fake.enableKv('kv', { namespace: 'team-a' });
    const teamA = vaultClient(fake, fake.rootToken, { namespace: 'team-a' });
    await teamA.write('kv/data/x', { data: { v: 'ns' } });
    expect((await teamA.read('kv/data/x')).data.data).toEqual({ v: 'ns' });
    expect((await vaultFailure(client.read('kv/data/x'))).status).toBe(404);
    expect(fake.kv.get('x', { mount: 'kv', namespace: 'team-a' })?.data).toEqual({ v: 'ns' });
  });

  it('reports its KV v2 mounts as the vault CLI expects', async () => {
    const mounts = await client.read('sys/mounts');
    expect(mounts.data['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });
    const ui = await client.read('sys/internal/ui/mounts/secret/shop/dev/db');
    expect(ui.data).toMatchObject({ path: 'secret/', type: 'kv', options: { version: '2' } });
    expect((await vaultFailure(client.read('sys/internal/ui/mounts/nope/x'))).status).toBe(404);
  });

  it('answers 503 "Vault is sealed" everywhere while sealed, and health reports it', async () => {
    fake.kv.put('k', { v: '1' });
    fake.seal();
    const sealed = await vaultFailure(client.read('secret/data/k'));
    expect(sealed.status).toBe(503);
    expect(sealed.body).toEqual({ errors: ['Vault is sealed'] });
    const health = await client.health();
    expect(health).toMatchObject({ initialized: true, sealed: true });
    fake.unseal();
    expect((await client.read('secret/data/k')).data.data).toEqual({ v: '1' });
  });
});
