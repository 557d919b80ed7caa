/** Small statistics helpers shared by the benchmarks. */

export const median = (xs) => quantile(xs, 0.5);

/** The q-quantile (nearest rank) of a list of numbers. */
export function quantile(xs, q) {
  if (xs.length === 0) return Number.NaN;
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Runs `fn` `times` times and returns the median of what it resolves to. */
export async function medianOf(times, fn) {
  const out = [];
  for (let i = 0; i < times; i++) out.push(await fn(i));
  return median(out);
}

/** Waits until every pending I/O callback has had a chance to run. */
export const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
