import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { tryEach } from '../src/rotation.js';
import type { SecretClient, SecretClientOptions, SecretVersions } from '../src/types.js';
import { recordingLogger } from './helpers/canary.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

type Shop = { 'jwt-signing-key': string; 'api-token': string; database: { url: string; password: string } };
const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The jwt secret's catalog overlap (helpers/descriptor.ts). */
const OVERLAP = HOUR;
const OLD_KEY = 'old-key-0123456789abcdef0123456789abcdef';
const NEW_KEY = 'new-key-fedcba9876543210fedcba9876543210';
const NEWER_KEY = 'newer-key-00112233445566778899aabbccddeeff';

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

/** A store that rotated the jwt key at `createdAt`: OLD_KEY is AWSPREVIOUS, NEW_KEY AWSCURRENT. */
function rotatedAt(store: ScriptedProvider, createdAt: number): void {
  store.set('jwt-signing-key', 'old', OLD_KEY, 'previous', createdAt - 90 * DAY);
  store.set('jwt-signing-key', 'new', NEW_KEY, 'current', createdAt);
}

/** Verifies like a JWT check would: succeeds only with `key`. */
const acceptsOnly =
  (key: string) =>
  (value: string, versionId: string): string => {
    if (value !== key) throw new Error(`signature mismatch with ${versionId}`);
    return versionId;
  };

describe('versions()', () => {
  it('returns current and the store previous stage, cached for the TTL', async () => {
    const { clock, store, client } = setup();
    store.set('jwt-signing-key', 'j0', CANARY.jwtNext, 'previous');
    const handle = client.secret('jwt-signing-key');
    expect(await handle.versions()).toMatchObject({
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
    const versions = await client.secret('jwt-signing-key').versions();
    expect(versions.current).toMatchObject({ versionId: 'j1', value: CANARY.jwt });
    expect(versions.previous).toBeUndefined();
  });

  it('reports the store creation date of each version', async () => {
    const { clock, store, client } = setup();
    const created = clock.now() - 10 * 60_000;
    rotatedAt(store, created);
    const versions = await client.secret('jwt-signing-key').versions();
    expect(versions.current.createdAt?.getTime()).toBe(created);
    expect(versions.previous?.createdAt?.getTime()).toBe(created - 90 * DAY);
    expect(versions.previous?.offeredUntil?.getTime()).toBe(created + OVERLAP);
  });
});

describe('rotation overlap', () => {
  it('offers the previous version until the current one was created plus the overlap, then never again', async () => {
    const { clock, store, client } = setup();
    const created = clock.now();
    rotatedAt(store, created);
    const handle = client.secret('jwt-signing-key');
    await clock.advance(OVERLAP - 1);
    expect((await handle.versions()).previous?.versionId).toBe('old');
    expect(await handle.tryEach(acceptsOnly(OLD_KEY))).toBe('old');
    await clock.advance(1); // now = created + overlap: the last instant it is offered
    expect((await handle.versions()).previous?.versionId).toBe('old');
    await clock.advance(1);
    expect((await handle.versions()).previous).toBeUndefined();
    await expect(handle.tryEach(acceptsOnly(OLD_KEY))).rejects.toThrow('signature mismatch with new');
    expect(await handle.tryEach(acceptsOnly(NEW_KEY))).toBe('new');
    // It stays withdrawn, however often the store is asked again.
    await clock.advance(5 * OVERLAP);
    expect((await handle.versions()).previous).toBeUndefined();
  });

  it('counts from the store creation date, so a rotation observed late offers no previous version', async () => {
    const { clock, store, client } = setup();
    // The service starts two hours after the rotation: the overlap (1 h) is over before it looks.
    rotatedAt(store, clock.now() - 2 * HOUR);
    const handle = client.secret('jwt-signing-key');
    expect((await handle.versions()).previous).toBeUndefined();
    await expect(handle.tryEach(acceptsOnly(OLD_KEY))).rejects.toThrow('signature mismatch');
    expect(client.health().secrets.find((s) => s.secret === 'jwt-signing-key')?.overlapEndsAt).toBe(
      new Date(clock.now() - HOUR).toISOString(),
    );
  });

  it('a rotation that a long outage hides is reported by onChange without the expired previous version', async () => {
    const { clock, store, client } = setup({ maxStalenessMs: 4 * HOUR });
    store.set('jwt-signing-key', 'old', OLD_KEY, 'current', clock.now() - DAY);
    const handle = client.secret('jwt-signing-key');
    const seen: SecretVersions<string>[] = [];
    handle.onChange((v) => seen.push(v));
    await handle.get();
    store.secretErrors.set('jwt-signing-key', 'UNAVAILABLE');
    store.rotate('jwt-signing-key', 'new', NEW_KEY, clock.now() + 60_000);
    await clock.advance(2 * HOUR); // the store is down: the rotation is not seen
    expect(handle.current()).toBe(OLD_KEY);
    store.secretErrors.delete('jwt-signing-key');
    await clock.advance(2 * 60_000);
    expect(handle.current()).toBe(NEW_KEY);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.current.versionId).toBe('new');
    expect(seen[0]?.previous).toBeUndefined();
    expect((await handle.versions()).previous).toBeUndefined();
  });

  it('without an overlap in the catalog the previous version is offered until the next rotation', async () => {
    const { clock, store, client } = setup({ cacheTtlMs: 30 * DAY });
    store.set('api-token', 't1', 'token-one-0123456789', 'previous', clock.now() - DAY);
    store.set('api-token', 't2', 'token-two-0123456789', 'current', clock.now() - DAY);
    const handle = client.secret('api-token');
    await clock.advance(100 * DAY);
    const versions = await handle.versions();
    expect(versions.previous?.versionId).toBe('t1');
    expect(versions.previous?.offeredUntil).toBeUndefined();
    expect(client.health().secrets.find((s) => s.secret === 'api-token')?.overlapEndsAt).toBeUndefined();
  });

  it('revokePrevious() withdraws the previous version at once and until the next rotation', async () => {
    const { lines, logger } = recordingLogger();
    const { clock, store, client } = setup({ logger });
    rotatedAt(store, clock.now());
    const handle = client.secret('jwt-signing-key');
    expect((await handle.versions()).previous?.versionId).toBe('old');
    await handle.revokePrevious();
    expect(lines.map((l) => [l.level, l.obj])).toContainEqual([
      'warn',
      { event: 'previous_revoked', secret: 'jwt-signing-key', versionId: 'new' },
    ]);
    expect((await handle.versions()).previous).toBeUndefined();
    await expect(handle.tryEach(acceptsOnly(OLD_KEY))).rejects.toThrow('signature mismatch');
    expect(client.health().secrets.find((s) => s.secret === 'jwt-signing-key')?.previousRevoked).toBe(true);
    // An invalidate and reload of the same version does not bring the revoked key back.
    handle.invalidate();
    expect((await handle.versions()).previous).toBeUndefined();
    // The next rotation: its previous (the key that was current) is offered again.
    store.rotate('jwt-signing-key', 'newer', NEWER_KEY, clock.now());
    await handle.refresh();
    expect((await handle.versions()).previous?.versionId).toBe('new');
    expect(client.health().secrets.find((s) => s.secret === 'jwt-signing-key')?.previousRevoked).toBe(false);
  });

  it('revokePrevious() on a cold secret loads it first and revokes the previous of what it loaded', async () => {
    const { clock, store, client } = setup();
    rotatedAt(store, clock.now());
    await client.secret('jwt-signing-key').revokePrevious();
    expect((await client.secret('jwt-signing-key').versions()).previous).toBeUndefined();
  });

  it('health shows when the overlap ends: the current version creation date plus the overlap', async () => {
    const { clock, store, client } = setup();
    const created = clock.now() - 5 * 60_000;
    rotatedAt(store, created);
    expect(
      client.health().secrets.find((s) => s.secret === 'jwt-signing-key')?.overlapEndsAt,
    ).toBeUndefined();
    await client.get('jwt-signing-key');
    expect(client.health().secrets.find((s) => s.secret === 'jwt-signing-key')).toMatchObject({
      overlapEndsAt: new Date(created + OVERLAP).toISOString(),
      previousRevoked: false,
    });
  });

  it('a provider without creation dates counts the overlap from when this process loaded the version', async () => {
    const { clock, store, client } = setup();
    const handle = client.secret('jwt-signing-key');
    await handle.get();
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    await clock.advance(10_000);
    const seenAt = clock.now();
    await handle.refresh();
    expect((await handle.versions()).previous?.offeredUntil?.getTime()).toBe(seenAt + OVERLAP);
    await clock.advance(OVERLAP + 1);
    expect((await handle.versions()).previous).toBeUndefined();
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
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      current: { versionId: 'j2', value: CANARY.jwtNext },
      previous: { versionId: 'j1', value: CANARY.jwt },
    });
    expect(handle.current()).toBe(CANARY.jwtNext);
  });

  it('fires on a provider push (mounted files) and stops after unsubscribing', async () => {
    const { store, client } = setup();
    const handle = client.secret('jwt-signing-key');
    await handle.get();
    const seen: string[] = [];
    const first = new Promise<void>((resolve) =>
      handle.onChange((v) => {
        seen.push(v.current.versionId);
        resolve();
      }),
    );
    const off = handle.onChange(() => seen.push('second listener'));
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    store.notify(['jwt-signing-key']);
    await first;
    expect(seen).toEqual(['j2', 'second listener']);
    off();
    store.set('jwt-signing-key', 'j3', CANARY.jwt);
    store.notify(['jwt-signing-key']);
    await handle.refresh(); // joins the refresh the push started
    expect(seen).toEqual(['j2', 'second listener', 'j3']);
  });

  it('fires exactly once when the reload after invalidate() finds a new version, recording the previous one', async () => {
    const { store, client } = setup();
    const handle = client.secret('jwt-signing-key');
    const seen: SecretVersions<string>[] = [];
    handle.onChange((v) => seen.push(v));
    await handle.get();
    handle.invalidate();
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    expect(await handle.get()).toBe(CANARY.jwtNext);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      current: { versionId: 'j2' },
      previous: { versionId: 'j1', value: CANARY.jwt },
    });
    expect((await handle.versions()).previous).toMatchObject({ versionId: 'j1', value: CANARY.jwt });
    // The same version again after another invalidate: no event.
    handle.invalidate();
    await handle.get();
    expect(seen).toHaveLength(1);
  });

  it('fires exactly once when the reload after expiry finds a new version', async () => {
    const { clock, store, client } = setup({
      cacheTtlMs: 10_000,
      maxStalenessMs: 20_000,
      breaker: { failureThreshold: 1_000 },
    });
    const handle = client.secret('jwt-signing-key');
    const seen: SecretVersions<string>[] = [];
    handle.onChange((v) => seen.push(v));
    await handle.get();
    store.secretErrors.set('jwt-signing-key', 'UNAVAILABLE');
    await clock.advance(31_000); // refreshes fail; the value outlives TTL + staleness and is dropped
    expect(() => handle.current()).toThrowError(expect.objectContaining({ code: 'NOT_LOADED' }));
    store.secretErrors.delete('jwt-signing-key');
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    expect(await handle.get()).toBe(CANARY.jwtNext);
    await clock.advance(120_000); // later refreshes see the same version
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ current: { versionId: 'j2' }, previous: { versionId: 'j1' } });
  });

  it('uses the prior in-memory version as previous when the store keeps no stages', async () => {
    const { store, client } = setup();
    const handle = client.secret('jwt-signing-key');
    await handle.get();
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    await handle.refresh();
    expect((await handle.versions()).previous).toMatchObject({ versionId: 'j1', value: CANARY.jwt });
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

  it('skips a previous version whose offeredUntil has passed, even from a versions object kept too long', async () => {
    const kept: SecretVersions<string> = {
      current: versions.current,
      previous: { ...versions.previous!, offeredUntil: new Date(1_000) },
    };
    const onlyOld = acceptsOnly('key-old');
    expect(await tryEach(kept, onlyOld, { now: () => 1_000 })).toBe('old');
    await expect(tryEach(kept, onlyOld, { now: () => 1_001 })).rejects.toThrow('signature mismatch with new');
    await expect(tryEach(kept, onlyOld)).rejects.toThrow('signature mismatch with new');
  });
});
