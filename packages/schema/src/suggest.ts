import { closest, distance } from 'fastest-levenshtein';

/**
 * "did you mean" for a misspelt key or value; silent when nothing is close enough to help. Also
 * exported alone as `@locksmith/schema/suggest`, so a CLI can suggest without loading the loader.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(input, [...candidates]);
  const limit = Math.max(2, Math.floor(input.length / 3));
  return distance(input, best) <= limit ? best : undefined;
}
