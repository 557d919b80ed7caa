import { randomBytes } from 'node:crypto';
import { type Catalog, loadCatalog } from '@locksmith/schema';
import { createTestSecrets, type TestSecretValue } from '@locksmith/testkit';
import { type Canary, canariesOf } from './leak-scanner.js';
import { EXAMPLE_CATALOG } from './paths.js';

/** The example catalog with one unique canary value per secret (and per field) in `staging`. */
export interface CanaryFixture {
  readonly catalog: Catalog;
  readonly environment: string;
  readonly values: Record<string, TestSecretValue>;
  readonly canaries: Canary[];
  /** Every secret's env vars with its canary values (what `.env` and the process env would hold). */
  readonly env: Record<string, string>;
}

const tag = (): string => randomBytes(6).toString('hex');

/**
 * Schema-valid values for every secret; the generator's random fields are unique per run, and
 * the fields it fills from catalog templates get a unique tag here, so each field is a canary.
 */
export async function canaryFixture(environment = 'staging'): Promise<CanaryFixture> {
  const catalog = await loadCatalog(EXAMPLE_CATALOG);
  const values = createTestSecrets(
    catalog,
    {
      database: {
        url: `postgres://db-${tag()}.internal:5432/shop`,
        username: `shop_app_${tag()}`,
        password: `Cn${tag()}${tag()}${tag()}`,
      },
      redis: `rediss://cache-${tag()}.internal:6380/0`,
      smtp: {
        host: `mx-${tag()}.example.test`,
        port: 587,
        username: `mailer-${tag()}`,
        password: `Cn${tag()}${tag()}`,
      },
    },
    { environment },
  );
  const env: Record<string, string> = {};
  for (const secret of catalog.secrets) {
    const value = values[secret.name];
    for (const field of secret.fields) {
      const v = field.name === null ? value : (value as Record<string, unknown> | undefined)?.[field.name];
      if (v !== undefined) env[field.env] = String(v);
    }
  }
  return { catalog, environment, values, canaries: canariesOf(values), env };
}
