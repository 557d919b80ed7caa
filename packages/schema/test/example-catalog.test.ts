import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type CatalogError, describeService, loadCatalog, parseCatalog } from '../src/index.js';
import { EXAMPLE_CATALOG, inPackage } from './paths.js';

const examplePath = EXAMPLE_CATALOG;

describe('the example catalog', async () => {
  const catalog = await loadCatalog(examplePath);
  const secret = (name: string) => catalog.secrets.find((s) => s.name === name);

  it('resolves every secret to a store path per environment', () => {
    expect(secret('database')?.placements.map((p) => [p.environment, p.provider, p.path])).toEqual([
      ['dev', 'aws', 'shop/dev/database'],
      ['staging', 'aws', 'shop/staging/database'],
      ['prod', 'aws', 'shop/prod/database'],
    ]);
    expect(secret('database')?.placements[2]?.arnPattern).toBe(
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/prod/database-??????',
    );
    expect(secret('jwt-signing-key')?.placements[0]).toMatchObject({ provider: 'vault', mount: 'secret' });
    expect(secret('llm-api-key')?.placements.map((p) => p.environment)).toEqual(['staging', 'prod']);
  });

  it('resolves readers to services, per environment', () => {
    expect(catalog.services.map((s) => s.name)).toEqual([
      'api',
      'billing-go',
      'ledger-rs',
      'reports-py',
      'worker',
    ]);
    expect(catalog.services.find((s) => s.name === 'worker')?.reads).toContain('smtp');
    // billing-go does not run in dev, so it is no reader of the dev database.
    expect(secret('database')?.placements.find((p) => p.environment === 'dev')?.readers).toEqual([
      'api',
      'ledger-rs',
      'reports-py',
      'worker',
    ]);
    expect(secret('database')?.placements.find((p) => p.environment === 'prod')?.readers).toEqual([
      'api',
      'billing-go',
      'ledger-rs',
      'reports-py',
      'worker',
    ]);
  });

  it('applies defaults and strips Locksmith keywords from value schemas', () => {
    expect(catalog.environments).toEqual([
      { name: 'dev', source: 'env', production: false },
      { name: 'staging', source: 'store', production: false },
      { name: 'prod', source: 'store', production: true },
    ]);
    expect(catalog.kubernetes.apiVersion).toBe('external-secrets.io/v1');
    expect(catalog.providers.aws?.recoveryWindowDays).toBe(7);
    expect(JSON.stringify(secret('database')?.schema)).not.toMatch(/"env"|"generate"/);
    expect(secret('smtp')?.fields.map((f) => [f.env, f.type, f.required])).toEqual([
      ['SMTP_HOST', 'string', true],
      ['SMTP_PASSWORD', 'string', true],
      ['SMTP_PORT', 'integer', true],
      ['SMTP_USERNAME', 'string', true],
    ]);
    expect(secret('jwt-signing-key')?.rotation).toEqual({
      strategy: 'dual-key',
      every: { text: '90d', ms: 90 * 86_400_000 },
      overlap: { text: '1h', ms: 3_600_000 },
    });
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(catalog)).toBe(true);
    expect(Object.isFrozen(secret('database')?.placements[0])).toBe(true);
    expect(() => (catalog.secrets as unknown as unknown[]).push({})).toThrow(TypeError);
  });

  it('hashes content, not formatting: the same catalog as JSON has the same hash', () => {
    const asJson = JSON.stringify(parse(readFileSync(examplePath, 'utf8')), null, 4);
    expect(parseCatalog(asJson, 'elsewhere.json').hash).toBe(catalog.hash);
    const reformatted = stringify(parse(readFileSync(examplePath, 'utf8')), { indent: 4 });
    expect(parseCatalog(reformatted, 'x.yaml').hash).toBe(catalog.hash);
    // A byte-order mark (Windows editors; a copy read from git keeps it) is not content either.
    expect(parseCatalog(`\ufeff${readFileSync(examplePath, 'utf8')}`, 'bom.yaml').hash).toBe(catalog.hash);
    expect(parseCatalog(`\ufeff${asJson}`, 'bom.json').hash).toBe(catalog.hash);
    // …and does not shift positions on the first line.
    const error = (() => {
      try {
        parseCatalog('\ufeffversion: 1\n', 'bom.yaml');
      } catch (e) {
        return e as CatalogError;
      }
    })();
    expect(error?.issues[0]).toMatchObject({
      line: 1,
      column: 1,
      message: 'missing required key "environments"',
    });
  });

  it('hashes and models the same catalog whatever order its mappings were written in', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const document = parse(readFileSync(examplePath, 'utf8')) as Record<string, unknown>;
    const again = parseCatalog(stringify(reversed(document)), 'x.yaml');
    expect(again.hash).toBe(catalog.hash);
    expect(JSON.stringify(again.secrets)).toBe(JSON.stringify(catalog.secrets));
    expect(JSON.stringify(again.services)).toBe(JSON.stringify(catalog.services));
    // The control: the reversal really changed the written order of a value schema's properties.
    const smtp = (reversed(document) as { secrets: { smtp: { schema: { properties: object } } } }).secrets
      .smtp;
    expect(Object.keys(smtp.schema.properties)[0]).toBe('password');
  });

  it('describes a service for the runtime with only the secrets it reads', () => {
    const worker = describeService(catalog, 'worker');
    expect(Object.keys(worker.secrets)).toEqual([
      'database',
      'llm-api-key',
      'mail-api-key',
      'pii-encryption-key',
      'redis',
      'smtp',
    ]);
    expect(worker.secrets['llm-api-key']?.placements).toEqual({
      staging: { provider: 'aws', path: 'shop/staging/llm-api-key' },
      prod: { provider: 'aws', path: 'shop/prod/llm-api-key' },
    });
    expect(describeService(catalog, 'api').providers.vault?.roles).toEqual({
      dev: 'shop-dev-api',
      staging: 'shop-staging-api',
      prod: 'shop-prod-api',
    });
    expect(() => describeService(catalog, 'nobody')).toThrow(/no service named "nobody"/);
  });
});

describe('valid fixtures', () => {
  it('full.json: overrides, custom templates, files source, v1beta1', async () => {
    const catalog = await loadCatalog(inPackage('test/fixtures/valid/full.json'));
    const warehouse = catalog.secrets.find((s) => s.name === 'warehouse');
    expect(warehouse?.placements.map((p) => `${p.environment}:${p.provider}:${p.path}`)).toEqual([
      'dev:vault:apps/acme/dev/warehouse',
      'qa:vault:apps/acme/qa/warehouse',
      'live:aws:prod/warehouse-creds',
    ]);
    expect(warehouse?.cacheTtl?.ms).toBe(5_400_000);
    expect(Object.keys(warehouse?.tags ?? {})).toEqual(['alpha', 'zeta']);
    expect(warehouse?.fields.find((f) => f.name === 'ssl')?.env).toBe('WAREHOUSE_TLS');
    expect(warehouse?.fields.find((f) => f.name === 'port')).toMatchObject({
      env: 'WAREHOUSE_PORT',
      default: 5439,
    });
    expect(catalog.services.find((s) => s.name === 'orders')?.serviceAccount).toBe('orders-sa');
    expect(catalog.environments.find((e) => e.name === 'live')?.production).toBe(true);
  });
});
