import type { FetchResult, Provider } from '../types.js';

/**
 * Tries each provider in order for the requests the previous ones failed. Only built when the
 * user asks for a fallback chain: silently reading another store hides misconfiguration. The chain
 * watches every provider in it that can watch (mounted files), so a `..data` swap is seen at once
 * wherever the files provider sits in the chain.
 */
export function createFallbackProvider(chain: readonly Provider[]): Provider {
  const first = chain[0];
  if (!first) throw new Error('createFallbackProvider: empty chain');
  if (chain.length === 1) return first;
  return {
    name: chain.map((p) => p.name).join('>'),
    maxBatchSize: Math.min(...chain.map((p) => p.maxBatchSize)),
    async fetch(requests, signal) {
      const results: FetchResult[] = [];
      let pending = requests.map((_, i) => i);
      for (const provider of chain) {
        if (pending.length === 0) break;
        let answers: readonly FetchResult[];
        try {
          answers = await provider.fetch(
            pending.map((i) => requests[i]!),
            signal,
          );
        } catch (error) {
          if (provider === chain[chain.length - 1]) throw error;
          continue;
        }
        const failed: number[] = [];
        answers.forEach((answer, j) => {
          const i = pending[j]!;
          if (answer.ok || results[i] === undefined) results[i] = answer;
          if (!answer.ok) failed.push(i);
        });
        pending = failed;
      }
      return results;
    },
    watch(onChange) {
      const stops = chain.flatMap((p) => (p.watch ? [p.watch(onChange)] : []));
      return () => {
        for (const stop of stops) stop();
      };
    },
    async close() {
      await Promise.all(chain.map((p) => p.close?.()));
    },
  };
}
