import type { Duration } from './model.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /([0-9]+)(ms|s|m|h|d)/g;

/** Parses `90s`, `5m`, `1h30m`, `30d`. The meta-schema has already checked the shape. */
export function parseDuration(text: string): Duration {
  let ms = 0;
  for (const match of text.matchAll(PART)) {
    ms += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  return { text, ms };
}
