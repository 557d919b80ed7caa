import { loadCatalog } from '@locksmith/schema';
import { createTestSecrets, memoryProvider } from '@locksmith/testkit';
import { describe, expect, it } from 'vitest';
import { createApiSecrets } from '../generated/ts/api.js';
import { checkSecrets } from '../src/check-secrets.js';

const catalog = await loadCatalog(new URL('../secrets.catalog.yaml', import.meta.url).pathname);

async function check(values: ReturnType<typeof createTestSecrets>) {
  const secrets = createApiSecrets({
    environment: 'staging',
    provider: memoryProvider(values),
    metrics: false,
  });
  let printed = '';
  const code = await checkSecrets(secrets, (line) => {
    printed += line;
  });
  await secrets.close();
  return { code, printed };
}

describe('main.js --check', () => {
  it('exits 0 with one line per secret: its state, store and version, never its value', async () => {
    const values = createTestSecrets(catalog, {}, { environment: 'staging' });
    const { code, printed } = await check(values);
    expect(code).toBe(0);
    expect(printed).toMatch(/^database: fresh from memory version \S+$/m);
    expect(printed.trim().split('\n')).toHaveLength(7);
    for (const value of Object.values(values).flatMap((v) =>
      typeof v === 'object' ? Object.values(v) : [v],
    ))
      if (String(value).length >= 8) expect(printed).not.toContain(String(value));
  });

  it('exits 1 and names the secret that did not load', async () => {
    const { 'jwt-signing-key': _missing, ...values } = createTestSecrets(
      catalog,
      {},
      { environment: 'staging' },
    );
    const { code, printed } = await check(values);
    expect(code).toBe(1);
    expect(printed).toMatch(/^NOT_FOUND: .*jwt-signing-key/m);
    expect(printed).toMatch(/^jwt-signing-key: \w+ from memory \(NOT_FOUND\)$/m);
  });
});
