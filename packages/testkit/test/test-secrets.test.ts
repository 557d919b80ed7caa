import { parseCatalog } from '@locksmith/schema';
import { describe, expect, it } from 'vitest';
import { createTestSecrets, seededRandom } from '../src/index.js';
import { defaultsCatalog, shopCatalog } from './catalog-fixtures.js';

describe('createTestSecrets', () => {
  it('makes schema-valid values for every secret of the example catalog, following generate rules', () => {
    const values = createTestSecrets(shopCatalog(), {}, { environment: 'prod' });
    expect(Object.keys(values).sort()).toContain('llm-api-key');
    expect(values['mail-api-key']).toMatch(/^mk_[0-9a-f]{32}$/);
    expect(values['jwt-signing-key']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(values['payment-webhook-secret']).toMatch(/^whsec_[A-Za-z0-9+/=]{44}$/);
    const db = values.database as Record<string, string>;
    expect(db.url).toBe('postgres://127.0.0.1:5432/shop');
    expect(db.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((values.smtp as Record<string, unknown>).port).toBe(587);
  });

  it('only includes secrets placed in the environment', () => {
    expect(Object.keys(createTestSecrets(shopCatalog(), {}, { environment: 'dev' }))).not.toContain(
      'llm-api-key',
    );
  });

  it('is strong-random by default and deterministic with a seed', () => {
    const catalog = shopCatalog();
    const a = createTestSecrets(catalog);
    const b = createTestSecrets(catalog);
    expect(a['session-key']).not.toBe(b['session-key']);
    expect(createTestSecrets(catalog, {}, { random: 42 })).toEqual(
      createTestSecrets(catalog, {}, { random: 42 }),
    );
    expect(createTestSecrets(catalog, {}, { random: seededRandom('x') })['session-key']).not.toBe(
      createTestSecrets(catalog, {}, { random: 42 })['session-key'],
    );
  });

  it('derives defaults from format, range, pattern and length, and fills templates from siblings', () => {
    const values = createTestSecrets(defaultsCatalog(), {}, { environment: 'dev', random: 7 });
    const conn = values.conn as Record<string, unknown>;
    expect(conn.host).toMatch(/\.example\.test$/);
    expect(conn.port).toBeGreaterThanOrEqual(1024);
    expect(conn.port).toBeLessThanOrEqual(2048);
    expect(conn.url).toBe(`https://${conn.host}:${conn.port}/db`);
    expect(String(conn.token).length).toBeGreaterThanOrEqual(40);
    expect(conn.flag).toBe(false);
    expect(conn.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(conn.code).toMatch(/^[A-Z]{3}-[0-9]{4}$/);
    expect(values.pin).toMatch(/^[0-9]{6}$/);
    expect(values['admin-password']).toMatch(/^pw_[A-Za-z0-9!#%*+\-=?@^_~]{20}$/);
  });

  it('applies overrides, and templates see overridden fields', () => {
    const values = createTestSecrets(
      defaultsCatalog(),
      { conn: { host: 'db.local' }, pin: '123456' },
      { random: 1 },
    );
    expect((values.conn as Record<string, unknown>).url).toMatch(/^https:\/\/db\.local:/);
    expect(values.pin).toBe('123456');
  });

  it('refuses an override that breaks the schema without printing the value', () => {
    expect(() => createTestSecrets(defaultsCatalog(), { pin: 'canary-not-a-pin' })).toThrow(
      /"pin" does not fit/,
    );
    try {
      createTestSecrets(defaultsCatalog(), { pin: 'canary-not-a-pin' });
    } catch (error) {
      expect(String(error)).not.toContain('canary-not-a-pin');
    }
    expect(() => createTestSecrets(defaultsCatalog(), { nope: 'x' })).toThrow(/unknown secret "nope"/);
  });
});

describe('createTestSecrets numbers', () => {
  const catalogWith = (properties: string) =>
    parseCatalog(
      `version: 1
project: demo
environments: [dev]
providers:
  aws: { region: us-east-1, accountId: "123456789012", name: "{project}/{env}/{secret}" }
services:
  api: { serviceAccount: api }
secrets:
  tuning:
    provider: aws
    schema:
      type: object
      required: [ratio, whole]
      properties:
${properties}
    readers: [api]
`,
      'numbers.catalog.yaml',
    );

  it('fills fractional ranges and integer ranges with fractional bounds (min 0.25 / max 0.5 used to throw)', () => {
    const catalog = catalogWith(`        ratio: { type: number, minimum: 0.25, maximum: 0.5, env: RATIO }
        whole: { type: integer, minimum: 2.5, maximum: 3.5, env: WHOLE }`);
    for (const seed of [1, 2, 3, 4, 5]) {
      const tuning = createTestSecrets(catalog, {}, { environment: 'dev', random: seed }).tuning as Record<
        string,
        number
      >;
      expect(tuning.ratio).toBeGreaterThanOrEqual(0.25);
      expect(tuning.ratio).toBeLessThanOrEqual(0.5);
      expect(tuning.whole).toBe(3);
    }
  });

  it('says which field has a range that leaves no integer', () => {
    const catalog = catalogWith(`        ratio: { type: number, minimum: 0.25, maximum: 0.5, env: RATIO }
        whole: { type: integer, minimum: 2.2, maximum: 2.8, env: WHOLE }`);
    expect(() => createTestSecrets(catalog, {}, { environment: 'dev' })).toThrow(
      /whole.*no integer lies between 2\.2 and 2\.8/,
    );
  });
});
