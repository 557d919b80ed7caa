import { describe, expect, it } from 'vitest';
import {
  describeProviderContract,
  memoryProvider,
  resultValue,
  SecretsErrorFor,
} from './contract-helpers.js';

describeProviderContract('memory', async () => {
  const provider = memoryProvider();
  return {
    provider,
    store: 'aws',
    write: (secret, value) => {
      provider.set(secret.name, value);
    },
    hang: () => provider.hang(),
  };
});

describe('memoryProvider controls', () => {
  it('rotates, fails on demand, deletes and counts fetches', async () => {
    const provider = memoryProvider({ key: 'one' });
    const request = SecretsErrorFor.request('key');
    provider.rotate('key', 'two');
    const [current, previous] = await provider.fetch(
      [request, { ...request, stage: 'previous' }],
      new AbortController().signal,
    );
    expect([resultValue(current), resultValue(previous)]).toEqual(['two', 'one']);
    provider.fail('key', SecretsErrorFor.throttled('key'));
    const [failed] = await provider.fetch([request], new AbortController().signal);
    expect(failed?.ok === false && failed.error.code).toBe('THROTTLED');
    provider.clearFailure('key');
    provider.delete('key');
    const [gone] = await provider.fetch([request], new AbortController().signal);
    expect(gone?.ok === false && gone.error.code).toBe('NOT_FOUND');
    expect(provider.fetchCounts.get('key')).toBe(4);
  });

  it('release() lets hung fetches finish', async () => {
    const provider = memoryProvider({ key: 'v' });
    const stuck = provider.hang();
    const pending = provider.fetch([SecretsErrorFor.request('key')], new AbortController().signal);
    await new Promise((r) => setTimeout(r, 1));
    expect(stuck()).toBe(true);
    provider.release();
    expect(resultValue((await pending)[0])).toBe('v');
  });
});
