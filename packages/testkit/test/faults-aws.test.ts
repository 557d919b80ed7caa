import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSecretsManager, type FaultKind, startFakeSecretsManager } from '../src/index.js';
import { rejection, sdkFor } from './aws-helpers.js';

let fake: FakeSecretsManager;
let sm: SecretsManagerClient;
const get = (signal?: AbortSignal) =>
  sm.send(new GetSecretValueCommand({ SecretId: 'k' }), signal ? { abortSignal: signal } : {});

beforeEach(async () => {
  fake = await startFakeSecretsManager();
  fake.store.create('k', 'value');
  sm = sdkFor(fake);
});
afterEach(async () => {
  sm.destroy();
  await fake.close();
});

const answers: [FaultKind, string, number][] = [
  ['throttle', 'ThrottlingException', 400],
  ['500', 'InternalServiceError', 500],
  ['503', 'ServiceUnavailable', 503],
  ['sealed', 'ServiceUnavailable', 503],
  ['denied', 'AccessDeniedException', 400],
  ['not-found', 'ResourceNotFoundException', 400],
  ['decryption', 'DecryptionFailure', 400],
  ['expired-token', 'ExpiredTokenException', 400],
];

describe('fault injection on the fake Secrets Manager (real SDK)', () => {
  it.each(answers)('%s answers %s with status %i, once by default', async (kind, name, status) => {
    fake.faults.inject({ op: 'GetSecretValue', error: kind });
    const error = await rejection(get());
    expect(error.name).toBe(name);
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(status);
    expect((await get()).SecretString).toBe('value');
  });

  it('reset destroys the connection', async () => {
    fake.faults.inject({ error: 'reset' });
    const error = await rejection(get());
    expect(String(error.code ?? error.name)).toMatch(/ECONNRESET|socket hang up|EPIPE/i);
  });

  it('malformed sends a 200 the SDK cannot parse', async () => {
    fake.faults.inject({ error: 'malformed' });
    const error = await rejection(get());
    expect(error.message).toMatch(/JSON|Unexpected|parse|deserializ/i);
  });

  it('truncated cuts the body half-way', async () => {
    fake.faults.inject({ error: 'truncated' });
    const error = await rejection(get());
    expect(error).toBeInstanceOf(Error);
    expect(fake.requests.entries().at(-1)?.fault).toBe('truncated');
  });

  it('hang never answers; the client gives up by aborting', async () => {
    fake.faults.inject({ error: 'hang' });
    const controller = new AbortController();
    const pending = rejection(get(controller.signal));
    while (fake.requests.count() === 0) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    expect((await pending).name).toBe('AbortError');
  });

  it('matches by op and path, counts hits, and stops after `times`', async () => {
    const handle = fake.faults.inject({ op: /^Get/, times: 2, error: 'throttle' });
    await rejection(get());
    await rejection(get());
    expect(handle.hits).toBe(2);
    expect(handle.remaining).toBe(0);
    expect((await get()).SecretString).toBe('value');
    fake.faults.inject({ op: 'DescribeSecret', error: '500' });
    expect((await get()).SecretString).toBe('value');
  });

  it('an outage window on the fake clock fails everything inside it', async () => {
    fake.faults.outage({ fromMs: 1000, toMs: 5000 });
    expect((await get()).SecretString).toBe('value');
    fake.clock.advance(1000);
    expect((await rejection(get())).name).toBe('ServiceUnavailable');
    fake.clock.advance(4000);
    expect((await get()).SecretString).toBe('value');
  });

  it('adds latency, fixed or per request, and clear() removes every fault', async () => {
    fake.faults.latency((target) => (target.op === 'GetSecretValue' ? 5 : 0));
    const started = performance.now();
    await get();
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
    fake.faults.inject({ error: '500', times: Number.POSITIVE_INFINITY });
    fake.faults.clear();
    expect((await get()).SecretString).toBe('value');
  });

  it('logs the fault that shaped each answer', async () => {
    fake.faults.inject({ error: 'throttle' });
    await rejection(get());
    await get();
    expect(fake.requests.entries().map((e) => [e.status, e.fault])).toEqual([
      [400, 'throttle'],
      [200, undefined],
    ]);
  });
});
