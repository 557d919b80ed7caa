import { inspect } from 'node:util';
import type { FetchRequest, FetchResult, Provider } from '@locksmith/sdk-node';
import { expect } from 'vitest';

/** A value that must never show up in an error, a log or an inspect dump. */
export const CANARY = 'canary-3f9c1e-do-not-leak';

/** Fetches in chunks of the provider's `maxBatchSize`, checking each chunk's result count. */
export async function fetchAll(
  provider: Provider,
  requests: readonly FetchRequest[],
): Promise<FetchResult[]> {
  const out: FetchResult[] = [];
  const size = Math.max(1, provider.maxBatchSize);
  for (let i = 0; i < requests.length; i += size) {
    const chunk = requests.slice(i, i + size);
    const results = await provider.fetch(chunk, new AbortController().signal);
    expect(results).toHaveLength(chunk.length);
    out.push(...results);
  }
  return out;
}

/** Settles a fetch either way: an abort may reject or give per-request errors. */
export async function codesOf(promise: Promise<readonly FetchResult[]>): Promise<string[]> {
  try {
    const results = await promise;
    return results.map((r) => (r.ok ? 'OK' : r.error.code));
  } catch (error) {
    return [String((error as { code?: unknown }).code ?? 'UNTYPED')];
  }
}

/** Checks an error and its causes in every rendering a log could use. */
export function expectNoCanary(error: Error): void {
  for (let c: unknown = error; c instanceof Error; c = c.cause) {
    for (const text of [c.message, String(c), JSON.stringify(c), inspect(c, { depth: 5 }), c.stack ?? '']) {
      expect(text).not.toContain(CANARY);
    }
  }
}
