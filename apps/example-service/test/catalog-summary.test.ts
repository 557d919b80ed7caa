import { loadCatalog } from '@locksmith/schema';
import { expect, it } from 'vitest';
import { catalogSummary } from '../src/catalog-summary.js';

it('summarises the example catalog by names and stores only', async () => {
  const summary = catalogSummary(
    await loadCatalog(new URL('../secrets.catalog.yaml', import.meta.url).pathname),
  );
  expect(summary).toContain('project "shop"');
  expect(summary).toContain('environments: dev (env), staging, prod');
  expect(summary).toContain(
    'service worker reads database, llm-api-key, mail-api-key, pii-encryption-key, redis, smtp',
  );
  expect(summary).toContain('secret jwt-signing-key: vault, 1 field(s), rotation dual-key every 90d');
});
