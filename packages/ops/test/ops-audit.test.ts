import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit/index.js';
import { ENV, type OpsWorld, runOps, startOpsWorld, valueStrings } from './helpers/ops.js';

let world: OpsWorld;
beforeEach(async () => {
  world = await startOpsWorld();
});
afterEach(() => world.close());

const DAY = 86_400_000;
const SEEDED = Date.parse('2026-01-01T00:00:00Z');
const at = (days: number) => new Date(SEEDED + days * DAY).toISOString();
const audit = (...extra: string[]) => runOps(world, ['audit', '--env', ENV, ...world.storeFlags, ...extra]);

describe('locksmith audit', () => {
  it('is clean (exit 0) the day after seeding', async () => {
    const result = await audit('--now', at(1));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`audit: ${ENV}: 0 overdue, 0 due soon, 10 fine`);
  });

  it('classifies overdue, due soon and fine against each interval, with dates from both stores', async () => {
    // A rotation 70 days in: the database (30d) has a fresh value, the others keep theirs.
    world.clock.advance(70 * DAY);
    const db = world.catalog.secrets.find((s) => s.name === 'database')!;
    world.aws.store.set(
      db.placements.find((p) => p.environment === ENV)!.path,
      JSON.stringify(world.values['database']),
    );
    const result = await audit('--now', at(85), '--json');
    const report = JSON.parse(result.stdout) as AuditReport;
    const status = (name: string) => report.secrets.find((s) => s.secret === name)!;
    expect(status('database')).toMatchObject({
      status: 'fine',
      ageDays: 15,
      everyDays: 30,
      lastRotated: at(70),
    });
    expect(status('session-key')).toMatchObject({ status: 'due-soon', ageDays: 85, everyDays: 90 }); // AWS
    expect(status('jwt-signing-key')).toMatchObject({
      status: 'due-soon',
      provider: 'vault',
      lastRotated: at(0),
    });
    expect(status('redis')).toMatchObject({ status: 'fine', everyDays: 180 });
    const late = JSON.parse((await audit('--now', at(95), '--json')).stdout) as AuditReport;
    expect(late.secrets.find((s) => s.secret === 'jwt-signing-key')!.status).toBe('overdue');
    expect(late.secrets.find((s) => s.secret === 'llm-api-key')!.status).toBe('overdue');
    expect((await audit('--now', at(95))).code).toBe(1);
  });

  it('dates a Vault secret by its current version, not by a later metadata-only change', async () => {
    world.clock.advance(80 * DAY);
    const response = await fetch(`${world.vault.endpoint}/v1/secret/metadata/shop/staging/jwt-signing-key`, {
      method: 'POST',
      headers: { 'X-Vault-Token': world.vault.rootToken, 'Content-Type': 'application/json' },
      body: JSON.stringify({ max_versions: 5 }),
    });
    expect(response.status).toBe(204);
    const report = JSON.parse((await audit('--now', at(85), '--json')).stdout) as AuditReport;
    expect(report.secrets.find((s) => s.secret === 'jwt-signing-key')).toMatchObject({
      lastRotated: at(0),
      ageDays: 85,
      status: 'due-soon',
    });
  });

  it('reports missing secrets and orphans under the project prefix of the environment only', async () => {
    world.aws.store.create('shop/staging/old-token', 'CANARY-orphan-value-1');
    world.aws.store.create('shop/prod/not-this-env', 'x');
    world.aws.store.create('other/staging/not-this-project', 'x');
    world.vault.kv.put('shop/staging/legacy/deep/api-key', { value: 'CANARY-orphan-value-2' });
    const redis = world.catalog.secrets.find((s) => s.name === 'redis')!;
    world.aws.store.remove(redis.placements.find((p) => p.environment === ENV)!.path);
    const result = await audit('--now', at(1), '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.orphans).toEqual([
      { provider: 'aws', path: 'shop/staging/old-token' },
      { provider: 'vault', path: 'shop/staging/legacy/deep/api-key' },
    ]);
    expect(report.secrets.find((s) => s.secret === 'redis')!.status).toBe('missing');
    expect(report.summary).toMatchObject({ missing: 1, orphan: 2, fine: 9 });
    const table = await audit('--now', at(1));
    expect(table.stdout).toContain('shop/staging/legacy/deep/api-key');
    for (const text of [result.stdout, table.stdout, table.stderr]) {
      expect(text).not.toContain('CANARY-orphan');
      for (const v of valueStrings(world.values)) expect(text).not.toContain(v);
    }
  });

  it('recognises the copies locksmith copy made as copies, not orphans, in both directions', async () => {
    const backup = await runOps(world, [
      'copy',
      '--env',
      ENV,
      '--from',
      'vault',
      '--to',
      'aws',
      ...world.storeFlags,
    ]);
    expect(backup.code).toBe(0);
    const toVault = await runOps(world, [
      'copy',
      '--env',
      ENV,
      '--from',
      'aws',
      '--to',
      'vault',
      ...world.storeFlags,
    ]);
    expect(toVault.code).toBe(0);
    const result = await audit('--now', at(1), '--json');
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.orphans).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.copies).toContainEqual({
      provider: 'aws',
      path: 'shop/staging/jwt-signing-key',
      copyOf: 'vault:secret/shop/staging/jwt-signing-key',
      secret: 'jwt-signing-key',
    });
    expect(report.copies).toContainEqual({
      provider: 'vault',
      path: 'shop/staging/database',
      copyOf: 'aws:shop/staging/database',
      secret: 'database',
    });
    // Every Vault secret of staging was backed up to AWS, every AWS one to Vault.
    const placed = world.catalog.secrets.filter((s) => s.placements.some((p) => p.environment === ENV));
    expect(report.summary).toMatchObject({ orphan: 0, copy: placed.length });
    expect((await audit('--now', at(1))).stdout).toMatch(
      /COPY \(made by locksmith copy\)\s+STORE\s+COPY OF\s+SECRET\n(.*\n)*shop\/staging\/jwt-signing-key\s+aws\s+vault:secret\/shop\/staging\/jwt-signing-key\s+jwt-signing-key/,
    );
  });

  it('still reports a marked copy as an orphan when the catalog no longer places its source', async () => {
    world.aws.store.create('shop/staging/retired-key', 'CANARY-orphan-value-3', {
      tags: { 'locksmith.dev/copy-of': 'vault:secret/shop/staging/retired-key' },
    });
    const result = await audit('--now', at(1), '--json');
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as AuditReport).orphans).toEqual([
      {
        provider: 'aws',
        path: 'shop/staging/retired-key',
        note: `a copy of vault:secret/shop/staging/retired-key, which the catalog does not place in ${ENV}`,
      },
    ]);
  });

  it('marks a secret the token may not describe as unknown instead of stopping', async () => {
    world.vault.setPolicy(
      'partial',
      'path "secret/*" {\n  capabilities = ["read", "list"]\n}\n' +
        'path "secret/metadata/shop/staging/payment-api-key" {\n  capabilities = ["deny"]\n}\n',
    );
    const { token } = world.vault.createToken({ policies: ['partial'] });
    const result = await runOps({ ...world, env: { ...world.env, VAULT_TOKEN: token } }, [
      'audit',
      '--env',
      ENV,
      ...world.storeFlags,
      '--now',
      at(1),
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.secrets.find((s) => s.secret === 'payment-api-key')).toMatchObject({
      status: 'unknown',
      note: 'access denied',
    });
    expect(report.summary).toMatchObject({ fine: 9, unknown: 1 });
  });

  it('rejects a --now that is not a date', async () => {
    expect(await audit('--now', 'yesterday')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--now'),
    });
  });
});
