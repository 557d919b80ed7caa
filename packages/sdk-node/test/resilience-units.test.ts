import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SecretsError } from '../src/errors.js';
import { abortReason, deadline, raceSignal, sleep, unrefTimer } from '../src/resilience/abort.js';
import { fullJitter } from '../src/resilience/backoff.js';
import { CircuitBreaker } from '../src/resilience/breaker.js';
import { recordingLogger } from './helpers/canary.js';
import { FakeClock } from './helpers/fake-clock.js';

const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('abort helpers', () => {
  it('unrefTimer unrefs handles that can be unref-ed and passes others through', () => {
    const clock = new FakeClock();
    unrefTimer(clock, () => undefined, 10);
    expect(clock.unrefCalls).toBe(1);
    const numeric = { now: () => 0, setTimeout: () => 7, clearTimeout: () => undefined };
    expect(unrefTimer(numeric, () => undefined, 10)).toBe(7);
  });

  it('abortReason keeps a SecretsError reason (for the secret) and names the call otherwise', () => {
    const timeout = new SecretsError('TIMEOUT', 'call timed out after 5 ms');
    expect(abortReason(AbortSignal.abort(timeout))).toBe(timeout);
    expect(abortReason(AbortSignal.abort(timeout), 'db')).toMatchObject({ code: 'TIMEOUT', secret: 'db' });
    expect(abortReason(AbortSignal.abort())).toMatchObject({ code: 'ABORTED', message: 'call was aborted' });
    expect(abortReason(AbortSignal.abort(), 'db')).toMatchObject({
      code: 'ABORTED',
      secret: 'db',
      message: 'call for secret "db" was aborted',
    });
  });

  it('deadline aborts with TIMEOUT after its time, follows its parent, and leaves no listener behind', async () => {
    const clock = new FakeClock();
    const parent = new AbortController();
    const limit = deadline(clock, 1_000, parent.signal);
    expect(listeners(parent.signal)).toBe(1);
    await clock.advance(999);
    expect(limit.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(limit.signal.reason).toMatchObject({ code: 'TIMEOUT', message: 'call timed out after 1000 ms' });
    limit.dispose();
    expect(listeners(parent.signal)).toBe(0);
    expect(clock.pending).toBe(0);

    const followed = deadline(clock, 1_000, parent.signal);
    parent.abort(new SecretsError('CLOSED', 'client is closed'));
    expect(followed.signal.reason).toMatchObject({ code: 'CLOSED' });
    followed.dispose();
    const already = deadline(clock, 1_000, parent.signal);
    expect(already.signal.reason).toMatchObject({ code: 'CLOSED' });
    already.dispose();
  });

  it('raceSignal settles with the work, rejects on abort, and removes its listener either way', async () => {
    expect(await raceSignal(Promise.resolve(1), undefined)).toBe(1);
    const controller = new AbortController();
    expect(await raceSignal(Promise.resolve(2), controller.signal)).toBe(2);
    await expect(raceSignal(Promise.reject(new Error('boom')), controller.signal)).rejects.toThrow('boom');
    expect(listeners(controller.signal)).toBe(0);
    const pending = raceSignal(new Promise(() => undefined), controller.signal, 'db');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED', secret: 'db' });
    await expect(raceSignal(Promise.reject(new Error('late')), AbortSignal.abort())).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });

  it('sleep waits on the clock, rejects early on abort, and cleans up its timer and listener', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let done = false;
    const slept = sleep(clock, 500, controller.signal).then(() => {
      done = true;
    });
    await clock.advance(499);
    expect(done).toBe(false);
    await clock.advance(1);
    await slept;
    expect(listeners(controller.signal)).toBe(0);
    const cut = sleep(clock, 500, controller.signal);
    controller.abort();
    await expect(cut).rejects.toMatchObject({ code: 'ABORTED' });
    expect(clock.pending).toBe(0);
    await expect(sleep(clock, 500, controller.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('backoff', () => {
  it('full jitter is random × min(cap, base · 2^attempt), floored', () => {
    const policy = { attempts: 5, baseMs: 100, capMs: 1_000 };
    expect(fullJitter(policy, 0, () => 0.5)).toBe(50);
    expect(fullJitter(policy, 3, () => 0.5)).toBe(400);
    expect(fullJitter(policy, 10, () => 0.999)).toBe(999);
  });
});

describe('CircuitBreaker', () => {
  function breaker() {
    const clock = new FakeClock();
    const { lines, logger } = recordingLogger();
    const b = new CircuitBreaker('aws', { failureThreshold: 2, cooldownMs: 1_000 }, clock, logger);
    return { clock, lines, b };
  }

  it('goes closed → open → half-open → closed, logging each transition by name and count', async () => {
    const { clock, lines, b } = breaker();
    expect(b.state).toBe('closed');
    expect(b.retryInMs()).toBe(0);
    b.failure();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    expect(lines.map((l) => [l.level, l.obj, l.msg])).toEqual([
      [
        'warn',
        { event: 'breaker_open', provider: 'aws', failures: 2, cooldownMs: 1_000 },
        'locksmith: circuit opened',
      ],
    ]);
    await clock.advance(400);
    expect(b.retryInMs()).toBe(600);
    await clock.advance(600);
    expect(b.retryInMs()).toBe(0);
    expect(b.allow()).toBe(true); // the probe
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(false); // only one probe at a time
    b.success();
    expect(b.state).toBe('closed');
    expect(lines.at(-1)).toEqual({
      level: 'info',
      obj: { event: 'breaker_closed', provider: 'aws' },
      msg: 'locksmith: circuit closed',
    });
  });

  it('a failed probe re-opens it for a whole cooldown; a released probe lets the next one through', async () => {
    const { clock, b } = breaker();
    b.failure();
    b.failure();
    await clock.advance(1_000);
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.retryInMs()).toBe(1_000);
    await clock.advance(1_000);
    expect(b.allow()).toBe(true);
    b.release();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(true);
  });

  it('a success while closed logs nothing and resets the count', () => {
    const { lines, b } = breaker();
    b.failure();
    b.success();
    b.failure();
    expect(b.state).toBe('closed');
    expect(lines).toEqual([]);
  });
});
