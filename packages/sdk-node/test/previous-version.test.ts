import { afterEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import type { SecretClient } from '../src/types.js';
import { recordingLogger } from './helpers/canary.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

/** The jwt secret (TTL 60 s, overlap 1 h) over a scripted store, with a recording logger. */
function setup() {
  const clock = new FakeClock();
  const { lines, logger } = recordingLogger();
  const store = new ScriptedProvider().set('jwt-signing-key', 'j1', CANARY.jwt);
  const client = createSecretClient<{ 'jwt-signing-key': string }>(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    clock,
    random: seededRandom(3),
    metrics: false,
    logger,
    retry: { attempts: 1 },
  });
  clients.push(client);
  const events = () => lines.map((l) => (l.obj as { event?: string }).event);
  const previousCalls = () => store.calls.filter((c) => c[0]?.stage === 'previous').length;
  return { clock, store, client, handle: client.secret('jwt-signing-key'), lines, events, previousCalls };
}

describe('the previous version cache', () => {
  it('keeps the store answer for exactly one TTL', async () => {
    const { clock, store, handle, previousCalls } = setup();
    store.set('jwt-signing-key', 'j0', CANARY.jwtNext, 'previous');
    await handle.versions();
    await clock.advance(59_999);
    await handle.versions();
    expect(previousCalls()).toBe(1);
    await clock.advance(1);
    await handle.versions();
    expect(previousCalls()).toBe(2);
  });

  it('a previous version that fails validation is not offered, and is logged as previous_invalid', async () => {
    const { store, handle, lines } = setup();
    store.set('jwt-signing-key', 'j0', 'short', 'previous');
    expect((await handle.versions()).previous).toBeUndefined();
    expect(lines.find((l) => (l.obj as { event?: string }).event === 'previous_invalid')).toEqual({
      level: 'warn',
      obj: { event: 'previous_invalid', secret: 'jwt-signing-key', code: 'VALIDATION_FAILED' },
      msg: 'locksmith: previous version is invalid',
    });
  });

  it('a store that cannot answer for the previous version: the one seen in this process stands in, and is asked again next time', async () => {
    const { store, handle, lines, previousCalls } = setup();
    await handle.get();
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    await handle.refresh(); // this process saw j1 → j2
    store.faults.push('UNAVAILABLE');
    expect((await handle.versions()).previous).toMatchObject({ versionId: 'j1', value: CANARY.jwt });
    expect(lines.find((l) => (l.obj as { event?: string }).event === 'previous_unavailable')).toEqual({
      level: 'warn',
      obj: { event: 'previous_unavailable', secret: 'jwt-signing-key', code: 'UNAVAILABLE' },
      msg: 'locksmith: previous version unavailable',
    });
    // Not cached: the next call asks the store again, and its answer (no previous stage) is kept.
    expect((await handle.versions()).previous).toMatchObject({ versionId: 'j1' });
    expect(previousCalls()).toBe(2);
    await handle.versions();
    expect(previousCalls()).toBe(2);
  });

  it('an INVALID_REQUEST for the stage (a store without one) counts as "none", like NOT_FOUND', async () => {
    const { store, handle, events, previousCalls } = setup();
    store.stageErrors.set('previous', 'INVALID_REQUEST');
    expect((await handle.versions()).previous).toBeUndefined();
    expect(events()).not.toContain('previous_unavailable');
    // A definite answer, cached for the TTL like NOT_FOUND (a struggling store's is not).
    await handle.versions();
    expect(previousCalls()).toBe(1);
  });

  it('invalidate() drops the cached store answer but keeps the version seen in this process', async () => {
    const { store, handle, previousCalls } = setup();
    await handle.get();
    store.set('jwt-signing-key', 'j2', CANARY.jwtNext);
    await handle.refresh();
    await handle.versions();
    handle.invalidate();
    expect((await handle.versions()).previous).toMatchObject({ versionId: 'j1' });
    expect(previousCalls()).toBe(2);
  });

  it('a per-call timeout bounds the wait for the previous version', async () => {
    const { clock, store, handle } = setup();
    await handle.get();
    store.faults.push('hang');
    const pending = handle.versions({ timeoutMs: 500 }).catch((e: unknown) => e);
    await clock.advance(500);
    expect(await pending).toMatchObject({ code: 'TIMEOUT' });
  });
});
