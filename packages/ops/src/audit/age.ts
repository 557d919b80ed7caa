import type { Secret } from '@locksmith/schema';
import type { StoreInfo } from '../store/types.js';

const DAY_MS = 86_400_000;

/** Where a secret stands against its rotation interval. */
export type RotationStatus = 'overdue' | 'due-soon' | 'fine' | 'unknown' | 'missing';

/** One secret's rotation age. Dates are ISO strings; ages and intervals whole days. */
export interface RotationAge {
  readonly secret: string;
  readonly provider: 'aws' | 'vault';
  readonly path: string;
  readonly status: RotationStatus;
  readonly lastRotated: string | null;
  readonly ageDays: number | null;
  readonly everyDays: number | null;
  readonly note?: string;
}

/**
 * Classifies the age of the current value: overdue past the interval, due soon within 10% of it
 * or 7 days (whichever is longer), unknown without an interval or a date from the store.
 */
export function rotationAge(
  secret: Secret,
  base: Pick<RotationAge, 'provider' | 'path'>,
  info: StoreInfo | undefined,
  now: number,
): RotationAge {
  const every = secret.rotation.every?.ms;
  const everyDays = every === undefined ? null : Math.round(every / DAY_MS);
  const row = { secret: secret.name, ...base, everyDays };
  if (!info) return { ...row, status: 'missing', lastRotated: null, ageDays: null, note: 'not in the store' };
  // AWS LastRotatedDate is only set by rotation; a value put by hand counts from LastChangedDate.
  const last = latest(info.lastRotated, info.lastChanged);
  if (!last)
    return { ...row, status: 'unknown', lastRotated: null, ageDays: null, note: 'the store gives no date' };
  const age = now - last.getTime();
  const common = { ...row, lastRotated: last.toISOString(), ageDays: Math.floor(age / DAY_MS) };
  if (every === undefined) return { ...common, status: 'unknown', note: 'the catalog sets no interval' };
  if (age > every) return { ...common, status: 'overdue' };
  const margin = Math.max(every * 0.1, 7 * DAY_MS);
  return { ...common, status: every - age <= margin ? 'due-soon' : 'fine' };
}

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
}
