import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EstimateReport } from '../src/estimate/index.js';
import { EXAMPLE_CATALOG } from './helpers/catalogs.js';
import { tempDir } from './helpers/cli.js';
import { runOps } from './helpers/ops.js';

const SMALL = fileURLToPath(new URL('./fixtures/ops/small.catalog.yaml', import.meta.url));

let world: { dir: string; env: Record<string, string> };
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  world = { dir: temp.dir, env: {} };
  await copyFile(SMALL, join(temp.dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

const estimateJson = async (...args: string[]) => {
  const result = await runOps(world, ['estimate', ...args, '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as EstimateReport;
};
const row = (report: EstimateReport, env: string, provider: string) =>
  report.estimates.find((e) => e.environment === env && e.provider === provider)!;

describe('locksmith estimate', () => {
  it('computes requests and cost per environment and store, with and without caching', async () => {
    const report = await estimateJson('--replicas', '4');
    // dev reads .env: no row. prod: api reads alpha (TTL 5m) and beta (cacheTtl 1m) from AWS, gamma from Vault.
    expect(report.estimates.map((e) => `${e.environment}/${e.provider}`)).toEqual([
      'prod/aws',
      'prod/vault',
      'edge/aws',
      'edge/vault',
    ]);
    const aws = row(report, 'prod', 'aws');
    expect(aws.secrets).toBe(3); // unread is stored, so billed
    expect(aws.uncached.requestsPerSecond).toBe(8);
    expect(aws.uncached.monthlyCost).toBeCloseTo(3 * 0.4 + ((8 * 2_592_000) / 10_000) * 0.05, 6);
    expect(aws.cached.requestsPerSecond).toBeCloseTo(4 / 300 + 4 / 60, 9);
    expect(aws.cached.monthlyCost).toBeCloseTo(1.2 + (((4 / 300 + 4 / 60) * 2_592_000) / 10_000) * 0.05, 6);
    expect(aws.uncached.quotaUse).toBeCloseTo(8 / 10_000, 9);
    const vault = row(report, 'prod', 'vault');
    expect(vault).toMatchObject({ secrets: 1, reader: 'runtime' });
    expect(vault.uncached).toMatchObject({ requestsPerSecond: 4, monthlyCost: null, quotaUse: null });
    // edge is fed by ESO: one read per ExternalSecret per refresh interval (1h), whatever the replicas.
    const edge = row(report, 'edge', 'aws');
    expect(edge.reader).toBe('external-secrets');
    expect(edge.uncached.requestsPerSecond).toBeCloseTo(2 / 3600, 9);
    expect(
      row(await estimateJson('--replicas', '400'), 'edge', 'aws').uncached.requestsPerSecond,
    ).toBeCloseTo(2 / 3600, 9);
  });

  it('batches AWS reads that share a TTL and flags rates over the documented quota', async () => {
    await copyFile(EXAMPLE_CATALOG, join(world.dir, 'secrets.catalog.yaml'));
    const report = await estimateJson('--replicas', '6000', '--env', 'prod', '--ttl', '30s');
    const aws = row(report, 'prod', 'aws');
    expect(aws.cachedAndBatched.requestsPerSecond).toBeLessThan(aws.cached.requestsPerSecond);
    expect(aws.cachedAndBatched.quotaApi).toBe('BatchGetSecretValue');
    expect(aws.uncached.quotaUse).toBeGreaterThan(1);
    const table = await runOps(world, ['estimate', '--replicas', '6000', '--env', 'prod']);
    expect(table.stdout).toMatch(/no cache .* OVER/);
    expect(table.stdout).toContain('self-hosted');
  });

  it('takes prices from flags and rejects bad numbers', async () => {
    const free = await estimateJson('--replicas', '1', '--price-secret-month', '0', '--price-10k-calls', '0');
    expect(row(free, 'prod', 'aws').uncached.monthlyCost).toBe(0);
    expect((await runOps(world, ['estimate'])).code).toBe(2);
    expect((await runOps(world, ['estimate', '--replicas', '2.5'])).code).toBe(2);
    expect((await runOps(world, ['estimate', '--replicas', '2', '--ttl', 'soon'])).code).toBe(2);
  });
});
