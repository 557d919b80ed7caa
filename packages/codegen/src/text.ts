/** Small pure text helpers shared by the emitters. */

/** Joins lines with LF and guarantees exactly one trailing newline. */
export function lines(parts: readonly string[]): string {
  return `${parts.join('\n').replace(/\n+$/, '')}\n`;
}

/** Collapses whitespace (including newlines) so free text fits on one comment or table line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Stable JSON with 2-space indentation and a trailing newline (key order is the caller's). */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Milliseconds → Go duration (`1h`, `720h`, `1h30m`), the format ESO's `refreshInterval` takes.
 * Days are written as hours because Go durations have no day unit.
 */
export function goDuration(ms: number): string {
  if (ms <= 0) return '0s';
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  const millis = ms % 1000;
  const parts = [
    hours ? `${hours}h` : '',
    minutes ? `${minutes}m` : '',
    seconds ? `${seconds}s` : '',
    millis ? `${millis}ms` : '',
  ];
  return parts.join('');
}
