import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { tryEach } from '../src/rotation.js';
import type { SecretClient, SecretClientOptions, SecretVersions } from '../src/types.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

type Shop = { 'jwt-signing-key': string; database: { url: string; password: string } };
const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

function setup(options: SecretClientOptions = {}) {
  const clock = new FakeClock();
  const store = new ScriptedProvider().set('jwt-signing-key', 'j1', CANARY.jwt);
  const client = createSecretClient<Shop>(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    clock,
    random: seededRandom(5),
    metrics: false,
    ...options,
  });
  clients.push(client);
  return { clock, store, client };
}

describe('versions()', () => {
  it('returns current and the store previous stage, cached for the TTL', async () => {
    const { clock, store, client } = setup();
    store.set('jwt-signing-key', 'j0', CANARY.jwtNext, 'previous');
    const handle = client.secret('jwt-signing-key');
    expect(await handle.versions()).toEqual({
      current: { versionId: 'j1', value: CANARY.jwt },
      previous: { versionId: 'j0', value: CANARY.jwtNext },
    });
    await handle.versions();
    expect(store.calls.map((c) => c[0]?.stage)).toEqual(['current', 'previous']);
    await clock.advance(61_000);
    await handle.versions();
    expect(store.calls.filter((c) => c[0]?.stage === 'previous')).toHaveLength(2);
  });

  it('has no previous when the store has none', async () => {
    const { client } = setup();
    expect(await client.secret('jwt-signing-key').versions()).toEqual({
      current: { versionId: 'j1', value: CANARY.jwt },
    });
  });
});

describe('onChange', () => {
  it('fires when a background refresh sees a new version id, with the old current as previous', async () => {
    const { clock, store, client } = setup();
    const handle = client.secret('jwt-signing-key');
    const seen: SecretVersions<string>[] = [];
    handle.onChange((v) => seen.push(v));
    await handle.get();
    await clock.advance(60_000);
    expect(seen).toHaveLength(0); // same version id: no event
    store.rotate('jwt-signing-key', 'j2', CANARY.jwtNext);
    await clock.advance(60_000);
    expect(seen).toEqual([
      {
        current: { versionId: 'j2', value: CANARY.jwtNext },
        previous: { versionId: 'j1', value: CANARY.jwt },
      },
    ]);
    expect(handle.current()).toBe(CANARY.jwtNext);
  });

  it('fires on a provider push (mounted files) and unsubscribes', async () => {
    const { store, client } = setup();
    const handle = client.secret('jwt-signing-key');
    await handle.get();
    const seen: string[] = [];
    const off = handle.onChange((v) => seen.push(v.current.versionId));
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    store.notify(['jwt-signing-key']);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['j2']);
    off();
    store.set('jwt-signing-key', 'j3', CANARY.jwt);
    store.notify(['jwt-signing-key']);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['j2']);
  });

  it('uses the prior in-memory version as previous when the store keeps no stages', async () => {
    const { store, client } = setup();
    const handle = client.secret('jwt-signing-key');
    await handle.get();
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    await handle.refresh();
    expect((await handle.versions()).previous).toEqual({ versionId: 'j1', value: CANARY.jwt });
  });

  it('never mixes fields of two versions in one object', async () => {
    const { store, client } = setup();
    store.set(
      'database',
      'd1',
      JSON.stringify({ url: 'https://one.example/db', password: 'password-one-123456' }),
    );
    const handle = client.secret('database');
    const first = await handle.get();
    store.set(
      'database',
      'd2',
      JSON.stringify({ url: 'https://two.example/db', password: 'password-two-123456' }),
    );
    await handle.refresh();
    const second = handle.current();
    expect(first).toEqual({ url: 'https://one.example/db', password: 'password-one-123456', port: 5432 });
    expect(second).toEqual({ url: 'https://two.example/db', password: 'password-two-123456', port: 5432 });
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe('tryEach', () => {
  const versions: SecretVersions<string> = {
    current: { versionId: 'new', value: 'key-new' },
    previous: { versionId: 'old', value: 'key-old' },
  };

  it('returns the first success, trying current first', async () => {
    const tried: string[] = [];
    const result = await tryEach(versions, (key, id) => {
      tried.push(id);
      if (key !== 'key-old') throw new Error('bad signature');
      return `verified with ${id}`;
    });
    expect(result).toBe('verified with old');
    expect(tried).toEqual(['new', 'old']);
  });

  it('rethrows the current error when every version fails', async () => {
    const failing = (key: string): never => {
      throw new Error(`fail ${key === 'key-new' ? 'current' : 'previous'}`);
    };
    await expect(tryEach(versions, failing)).rejects.toThrow('fail current');
    await expect(tryEach({ current: versions.current }, failing)).rejects.toThrow('fail current');
  });
});
