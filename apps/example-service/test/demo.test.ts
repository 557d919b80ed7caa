import { loadCatalog } from '@locksmith/schema';
import { expect, it } from 'vitest';
import { runDemo } from '../src/demo/run.js';

/** Rotation under load: the demo's scripted run is itself the end-to-end test. */
it('serves traffic through JWT and PII rotations with zero failures', async () => {
  const catalog = await loadCatalog(new URL('../secrets.catalog.yaml', import.meta.url).pathname);
  const lines: string[] = [];
  const report = await runDemo(catalog, { log: (line) => lines.push(line) });
  expect(report.failed).toBe(0);
  expect(report.lines).toEqual([]);
  expect(report.served).toBeGreaterThan(100);
  expect(report.oldTokensAccepted).toBe(report.oldTokens);
  expect(report.reEncrypted).toBeGreaterThan(0);
  expect(lines.join('\n')).toMatch(/all 20 of 20 profiles now read back under the new PII key/);
}, 60_000);
