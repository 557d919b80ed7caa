import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Every rendering a log line could use for an error and each of its causes. */
export function renderingsOf(error: Error): string[] {
  const out: string[] = [];
  for (let c: unknown = error; c instanceof Error; c = c.cause) {
    out.push(c.message, String(c), JSON.stringify(c) ?? '', inspect(c, { depth: 5 }), c.stack ?? '');
  }
  return out;
}

/** Fails when the canary shows up in the error, its causes, or any of their renderings. */
export function expectNoCanary(error: Error, canary: string, where: string): void {
  for (const text of renderingsOf(error)) expect(text, `${where}: the canary leaked`).not.toContain(canary);
}
