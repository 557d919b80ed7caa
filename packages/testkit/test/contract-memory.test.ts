import { SecretsError, type SecretsErrorCode } from '@locksmith/sdk-node';
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../src/index.js';
import {
  describeProviderContract,
  memoryProvider,
  resultValue,
  SecretsErrorFor,
} from './contract-helpers.js';

/** The typed error a store fault becomes, as the AWS and Vault providers map them. */
const MEMORY_FAULTS: Record<Exclude<FaultKind, 'hang'>, SecretsErrorCode> = {
  throttle: 'THROTTLED',
  '500': 'UNAVAILABLE',
  '503': 'UNAVAILABLE',
  sealed: 'UNAVAILABLE',
  reset: 'NETWORK',
  malformed: 'MALFORMED_RESPONSE',
  truncated: 'MALFORMED_RESPONSE',
  denied: 'ACCESS_DENIED',
  'not-found': 'NOT_FOUND',
  decryption: 'DECRYPTION_FAILED',
  'expired-token': 'AUTH_FAILED',
};

describeProviderContract('memory', async () => {
  const provider = memoryProvider();
  return {
    provider,
    store: 'aws',
    write: (secret, value) => {
      provider.set(secret.name, value);
    },
    fault: ({ error, secret, times }) => {
      if (error === 'hang') {
        const probe = provider.hang();
        return { fired: () => probe.reached };
      }
      const code = MEMORY_FAULTS[error];
      provider.fail(secret.name, new SecretsError(code, `memory: ${code}`, { secret: secret.name }), times);
      return { fired: () => Promise.resolve() };
    },
    clearFaults: () => provider.release(),
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

  it('fail(name, error, times) fails only the next `times` requests', async () => {
    const provider = memoryProvider({ key: 'v' });
    const request = SecretsErrorFor.request('key');
    provider.fail('key', SecretsErrorFor.throttled('key'), 1);
    const [first, second] = await provider.fetch([request, request], new AbortController().signal);
    expect(first?.ok === false && first.error.code).toBe('THROTTLED');
    expect(resultValue(second)).toBe('v');
  });

  it('release() lets hung fetches finish', async () => {
    const provider = memoryProvider({ key: 'v' });
    const stuck = provider.hang();
    const pending = provider.fetch([SecretsErrorFor.request('key')], new AbortController().signal);
    await stuck.reached;
    expect(stuck()).toBe(true);
    provider.release();
    expect(resultValue((await pending)[0])).toBe('v');
  });
});
