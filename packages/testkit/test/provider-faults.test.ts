import type { FetchResult, SecretsErrorCode } from '@locksmith/sdk-node';
import { afterEach, describe, expect, it } from 'vitest';
import { contractRequest, contractSecret, type FaultKind, type Faults, resultValue } from '../src/index.js';
import type { ProviderContractHarness } from '../src/vitest/index.js';
import { awsHarness, vaultHarness } from './provider-harnesses.js';

/** The typed error each fault must become. Several codes where the store itself is ambiguous. */
const AWS_EXPECTED: Record<FaultKind, readonly SecretsErrorCode[]> = {
  throttle: ['THROTTLED'],
  '500': ['UNAVAILABLE'],
  '503': ['UNAVAILABLE'],
  sealed: ['UNAVAILABLE'],
  reset: ['NETWORK'],
  hang: ['TIMEOUT'],
  malformed: ['MALFORMED_RESPONSE'],
  truncated: ['NETWORK', 'MALFORMED_RESPONSE'],
  denied: ['ACCESS_DENIED'],
  'not-found': ['NOT_FOUND'],
  decryption: ['DECRYPTION_FAILED'],
  'expired-token': ['AUTH_FAILED'],
};

const VAULT_EXPECTED: Record<FaultKind, readonly SecretsErrorCode[]> = {
  // Vault answers 429 both for rate limits and for standby nodes: either way, retry later.
  throttle: ['THROTTLED', 'UNAVAILABLE'],
  '500': ['UNAVAILABLE'],
  '503': ['UNAVAILABLE'],
  sealed: ['UNAVAILABLE'],
  reset: ['NETWORK'],
  hang: ['TIMEOUT'],
  malformed: ['MALFORMED_RESPONSE'],
  truncated: ['NETWORK', 'MALFORMED_RESPONSE'],
  denied: ['ACCESS_DENIED'],
  'not-found': ['NOT_FOUND'],
  decryption: ['UNAVAILABLE'],
  'expired-token': ['ACCESS_DENIED', 'AUTH_FAILED'],
};

/**
 * The request timeout for the hang case. The same provider first logs in and reads once for real,
 * so it must be long enough for that on a loaded CI machine (30 ms was not), yet short enough that
 * the hung read ends quickly.
 */
const HANG_TIMEOUT_MS = 500;

type FaultableHarness = ProviderContractHarness & { fake: { faults: Faults } };
let harness: FaultableHarness | undefined;
afterEach(async () => {
  await harness?.provider.close?.();
  await harness?.close?.();
  harness = undefined;
});

async function fetchOnce(h: FaultableHarness, kind: FaultKind, op: string | RegExp): Promise<FetchResult> {
  const secret = contractSecret('faulty', 'string', h.store);
  await h.write(secret, 'canary-fault-value');
  // A first successful read logs in (Vault) so the fault hits the secret read itself.
  expect(
    resultValue((await h.provider.fetch([contractRequest(secret)], new AbortController().signal))[0]),
  ).toBe('canary-fault-value');
  h.fake.faults.inject({ op, error: kind });
  const [result] = await h.provider.fetch([contractRequest(secret)], new AbortController().signal);
  if (!result) throw new Error('no result');
  return result;
}

const expectCode = (result: FetchResult, codes: readonly SecretsErrorCode[]) => {
  if (result.ok) throw new Error('expected a failure');
  expect(codes).toContain(result.error.code);
  expect(result.error.secret).toBe('faulty');
  expect(JSON.stringify(result.error)).not.toContain('canary-fault-value');
};

describe('every fault kind through the real AWS provider', () => {
  it.each(Object.entries(AWS_EXPECTED) as [FaultKind, readonly SecretsErrorCode[]][])(
    '%s → %s',
    async (kind, codes) => {
      harness = await awsHarness(kind === 'hang' ? HANG_TIMEOUT_MS : 2000);
      expectCode(await fetchOnce(harness, kind, 'GetSecretValue'), codes);
    },
  );

  it('a failed BatchGetSecretValue call surfaces as a typed error for the whole batch', async () => {
    harness = await awsHarness();
    const secrets = ['a', 'b'].map((n) => contractSecret(n, 'string', 'aws'));
    for (const s of secrets) await harness.write(s, 'v');
    harness.fake.faults.inject({ op: 'BatchGetSecretValue', error: 'throttle' });
    const outcome = await harness.provider
      .fetch(
        secrets.map((s) => contractRequest(s)),
        new AbortController().signal,
      )
      .then((results) => results.map((r) => (r.ok ? 'OK' : r.error.code)))
      .catch((error: { code?: string }) => [error.code]);
    expect(outcome.every((code) => code === 'THROTTLED')).toBe(true);
  });
});

describe('every fault kind through the real Vault provider', () => {
  it.each(Object.entries(VAULT_EXPECTED) as [FaultKind, readonly SecretsErrorCode[]][])(
    '%s → %s',
    async (kind, codes) => {
      harness = await vaultHarness('token', kind === 'hang' ? HANG_TIMEOUT_MS : 2000);
      expectCode(await fetchOnce(harness, kind, 'kv.read'), codes);
    },
  );

  it('an AppRole provider logs in again when its token is refused mid-run', async () => {
    const h = await vaultHarness('approle');
    harness = h;
    const secret = contractSecret('relogin', 'string', 'vault');
    await h.write(secret, 'v1');
    await h.provider.fetch([contractRequest(secret)], new AbortController().signal);
    h.fake.faults.inject({ op: 'kv.read', error: 'expired-token' });
    const [result] = await h.provider.fetch([contractRequest(secret)], new AbortController().signal);
    expect(resultValue(result)).toBe('v1');
    expect(h.fake.requests.byOp('auth.approle.login')).toHaveLength(2);
  });

  it('a sealed Vault answers UNAVAILABLE until unsealed', async () => {
    const h = await vaultHarness('token');
    harness = h;
    const secret = contractSecret('sealed', 'string', 'vault');
    await h.write(secret, 'v1');
    h.fake.seal();
    const [sealed] = await h.provider.fetch([contractRequest(secret)], new AbortController().signal);
    expect(sealed?.ok === false && sealed.error.code).toBe('UNAVAILABLE');
    h.fake.unseal();
    expect(
      resultValue((await h.provider.fetch([contractRequest(secret)], new AbortController().signal))[0]),
    ).toBe('v1');
  });
});
