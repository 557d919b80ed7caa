import { expect } from 'vitest';
import { encodedForms } from '../../src/redact/masker.js';
import { CANARY } from './descriptor.js';

/** Every encoded form of every canary. */
export function canaryForms(values: readonly string[] = Object.values(CANARY)): string[] {
  return values.flatMap((v) => encodedForms(v));
}

/** Asserts that no canary, in any encoding, appears in `text`. */
export function expectNoCanary(text: string, values?: readonly string[]): void {
  for (const form of canaryForms(values))
    expect(text, `leaked form ${form.slice(0, 6)}…`).not.toContain(form);
}

/** A logger that records every call, to check what reaches logs. */
export function recordingLogger() {
  const lines: { level: string; obj: object; msg: string | undefined }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}
