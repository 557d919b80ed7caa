import { inspect } from 'node:util';
import type { ProviderName } from '@locksmith/schema';
import type { FetchRequest, Provider, SecretDescriptor } from '@locksmith/sdk-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestSecretValue } from '../generate/test-secrets.js';
import { contractRequest, contractSecret, resultValue } from './fixtures.js';
import { CANARY, codesOf, expectNoCanary, fetchAll } from './helpers.js';

/** What a provider under test needs to give the contract suite. */
export interface ProviderContractHarness {
  readonly provider: Provider;
  /** The store the placements point at (`aws` or `vault`; any for a custom provider). */
  readonly store: ProviderName;
  /** Writes a new current version of the secret at its placement; the old current becomes previous. */
  write(secret: SecretDescriptor, value: TestSecretValue): void | Promise<void>;
  /**
   * Makes the store stop answering. Returns a probe that turns true once a request is stuck,
   * so the suite can abort an in-flight fetch. Required unless the suite runs with
   * `{ canHang: false }` (a store that cannot be made to hang, such as a third-party emulator).
   */
  hang?(): () => boolean;
  close?(): Promise<void>;
}

/** Switches for stores that cannot do everything the suite exercises. */
export interface ProviderContractOptions {
  /** False when the store cannot be made to hang: the mid-flight abort test is then not defined. */
  readonly canHang?: boolean;
}

/**
 * The behaviour every Provider must have, as a vitest suite: current and previous versions,
 * typed NOT_FOUND, batches that keep order and isolate failures, abort, and errors that never
 * carry a value. Call it at the top level of a test file; `setup` builds a fresh provider (and
 * its store) for each test.
 */
export function describeProviderContract(
  name: string,
  setup: () => Promise<ProviderContractHarness>,
  options: ProviderContractOptions = {},
): void {
  describe(`provider contract: ${name}`, () => {
    let h: ProviderContractHarness;
    const secret = (id: string, kind: 'string' | 'object' = 'string') => contractSecret(id, kind, h.store);
    const fetchOne = async (request: FetchRequest) =>
      (await h.provider.fetch([request], new AbortController().signal))[0];

    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.provider.close?.();
      await h.close?.();
    });

    it('returns the current value of a string secret with a version id', async () => {
      const s = secret('plain');
      await h.write(s, 'value-one');
      const result = await fetchOne(contractRequest(s));
      expect(resultValue(result)).toBe('value-one');
      expect(result?.ok && result.version.versionId.length > 0).toBe(true);
    });

    it('returns the current value of an object secret', async () => {
      const s = secret('creds', 'object');
      await h.write(s, { username: 'app', password: 'pw-1' });
      expect(resultValue(await fetchOne(contractRequest(s)), 'object')).toEqual({
        username: 'app',
        password: 'pw-1',
      });
    });

    it('returns the previous version after a rotation, with a different version id', async () => {
      const s = secret('rotating');
      await h.write(s, 'old-value');
      const before = await fetchOne(contractRequest(s));
      await h.write(s, 'new-value');
      const [current, previous] = await h.provider.fetch(
        [contractRequest(s, 'current'), contractRequest(s, 'previous')],
        new AbortController().signal,
      );
      expect(resultValue(current)).toBe('new-value');
      expect(resultValue(previous)).toBe('old-value');
      if (!before?.ok || !current?.ok || !previous?.ok) throw new Error('unreachable');
      expect(previous.version.versionId).toBe(before.version.versionId);
      expect(current.version.versionId).not.toBe(previous.version.versionId);
    });

    it('answers a missing secret with a typed, non-retryable NOT_FOUND naming the secret', async () => {
      const result = await fetchOne(contractRequest(secret('absent')));
      if (result?.ok !== false) throw new Error('expected an error result');
      expect(result.error).toBeInstanceOf(Error);
      expect(result.error.code).toBe('NOT_FOUND');
      expect(result.error.retryable).toBe(false);
      expect(result.error.secret).toBe('absent');
    });

    it('returns 25 results in request order for a batch of 25', async () => {
      const secrets = Array.from({ length: 25 }, (_, i) => secret(`batch-${String(i).padStart(2, '0')}`));
      for (const s of secrets) await h.write(s, `value-of-${s.name}`);
      const shuffled = [...secrets].reverse();
      const results = await fetchAll(
        h.provider,
        shuffled.map((s) => contractRequest(s)),
      );
      expect(results.map((r) => resultValue(r))).toEqual(shuffled.map((s) => `value-of-${s.name}`));
    });

    it('keeps per-request failures inside the batch', async () => {
      const [p1, p2, p3] = [secret('p-1'), secret('p-2'), secret('p-3')];
      for (const s of [p1, p2, p3]) await h.write(s, `v-${s.name}`);
      const requests = [p1, secret('m-1'), p2, secret('m-2'), p3].map((s) => contractRequest(s));
      const results = await h.provider.fetch(requests, new AbortController().signal);
      expect(results.map((r) => (r.ok ? resultValue(r) : r.error.code))).toEqual([
        'v-p-1',
        'NOT_FOUND',
        'v-p-2',
        'NOT_FOUND',
        'v-p-3',
      ]);
      expect(results.flatMap((r) => (r.ok ? [] : [r.error.secret]))).toEqual(['m-1', 'm-2']);
    });

    it('honours an abort signal that is already aborted', async () => {
      const s = secret('abort-early');
      await h.write(s, 'v');
      const controller = new AbortController();
      controller.abort();
      const codes = await codesOf(
        h.provider.fetch([contractRequest(s), contractRequest(s)], controller.signal),
      );
      expect(codes.length).toBeGreaterThan(0);
      expect(codes.every((c) => c === 'ABORTED')).toBe(true);
    });

    // Defined only where the store can hang, so no test is ever skipped at run time.
    if (options.canHang !== false) {
      it('stops waiting when the signal aborts mid-flight', async () => {
        if (!h.hang)
          throw new Error('the harness must implement hang() or the suite must run with canHang: false');
        const s = secret('abort-late');
        await h.write(s, 'v');
        const stuck = h.hang();
        const controller = new AbortController();
        const pending = codesOf(h.provider.fetch([contractRequest(s)], controller.signal));
        for (let i = 0; i < 2000 && !stuck(); i++) await new Promise((r) => setTimeout(r, 1));
        expect(stuck()).toBe(true);
        controller.abort();
        expect(await pending).toEqual(['ABORTED']);
      });
    }

    it('never puts a value in an error message, JSON or inspect output', async () => {
      const plain = secret('canary');
      await h.write(plain, CANARY);
      const obj = secret('canary-object', 'object');
      await h.write(obj, { password: CANARY });
      const results = await h.provider.fetch(
        [
          contractRequest(plain),
          contractRequest(secret('missing-canary')),
          contractRequest(obj),
          contractRequest(plain, 'previous'),
        ],
        new AbortController().signal,
      );
      const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) expectNoCanary(error);
      expect(inspect(h.provider, { depth: 5 })).not.toContain(CANARY);
    });
  });
}
