/**
 * `pnpm demo` — the README's main job, on an embedded default (no cloud account, no Docker):
 * validates the example catalog, then runs the api service on its generated accessors against
 * in-process fake AWS and Vault servers, rotates the JWT and PII keys under traffic, migrates
 * the encrypted rows and prints what happened. Exits 1 if any request failed; `--serve` keeps the
 * fakes and the service running afterwards for manual use.
 */

import { CatalogError, formatCatalogError, loadCatalog } from '@locksmith/schema';
import { catalogSummary } from './catalog-summary.js';
import { nodeVersionNote } from './demo/node-version-note.js';
import { runDemo } from './demo/run.js';

const catalogPath = new URL('../../secrets.catalog.yaml', import.meta.url).pathname;
const log = (line: string) => process.stdout.write(`  ${line}\n`);

try {
  const catalog = await loadCatalog(catalogPath);
  process.stdout.write(`${catalogSummary(catalog)}\n\nLocksmith demo: service "api" in staging\n`);
  if (nodeVersionNote) log(nodeVersionNote);
  const serve = process.argv.includes('--serve');
  const report = await runDemo(catalog, { log, serve });
  process.stdout.write(`\nrequests served: ${report.served}, failed: ${report.failed}\n`);
  for (const failure of report.lines) process.stdout.write(`  failed: ${failure}\n`);
  const ok = report.failed === 0 && report.oldTokensAccepted === report.oldTokens && report.reEncrypted > 0;
  process.stdout.write(ok ? 'demo OK: zero failed requests through two live rotations\n' : 'demo FAILED\n');
  process.exitCode = ok ? 0 : 1;
  if (report.close) {
    const stop = report.close;
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  }
} catch (error) {
  if (!(error instanceof CatalogError)) throw error;
  process.stderr.write(`${formatCatalogError(error)}\n`);
  process.exitCode = 2;
}
