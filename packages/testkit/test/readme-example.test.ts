import { fileURLToPath } from 'node:url';
import { describeService, loadCatalog } from '@locksmith/schema';
import { createSecretClient } from '@locksmith/sdk-node';
import { expect, it } from 'vitest';
import { createTestSecrets, memoryProvider } from '../src/index.js';

const catalogFile = fileURLToPath(new URL('./fixtures/shop.catalog.yaml', import.meta.url));

// The five-line test from README.md, kept here so the example cannot rot.
it('reads generated, schema-valid secrets through the real client', async () => {
  const catalog = await loadCatalog(catalogFile);
  const values = createTestSecrets(catalog, {}, { environment: 'staging' });
  const options = { environment: 'staging', provider: memoryProvider(values) };
  const secrets = createSecretClient<typeof values>(describeService(catalog, 'api'), options);
  expect(await secrets.get('database')).toEqual(values.database);
  await secrets.close();
});
