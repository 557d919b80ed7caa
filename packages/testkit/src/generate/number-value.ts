import type { JsonSchema } from '@locksmith/schema';
import { type RandomSource, randomInt } from './random.js';

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** Steps a random draw is split into for a fractional range. */
const STEPS = 1_000_000;

/**
 * A schema-valid number within `minimum`/`maximum` (the bounds a catalog value schema may use),
 * in a fractional range such as 0.25–0.5 as well as an integer one. An unbounded side gets a span
 * of 1000 from the other (1–1001 with neither). Throws, naming the field, when no value fits.
 */
export function numberValue(
  integer: boolean,
  schema: JsonSchema,
  random: RandomSource,
  label: string,
): number {
  const min = num(schema.minimum);
  const max = num(schema.maximum);
  const from = min ?? (max === undefined ? 1 : max - 1000);
  const to = max ?? from + 1000;
  if (integer) {
    const first = Math.ceil(from);
    const last = Math.floor(to);
    if (first > last) throw new RangeError(`${label}: no integer lies between ${from} and ${to}`);
    return first + randomInt(random, last - first + 1);
  }
  if (from > to) throw new RangeError(`${label}: minimum ${from} is above maximum ${to}`);
  return from + ((to - from) * randomInt(random, STEPS + 1)) / STEPS;
}
