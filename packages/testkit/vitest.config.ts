import { defineConfig } from 'vitest/config';

const withMoto = Boolean(process.env.MOTO_ENDPOINT || process.env.CI);
if (!withMoto) {
  console.warn('[testkit] moto differential suite not defined: set MOTO_ENDPOINT (see docs/testkit.md)');
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The moto suite is defined only against moto; in CI it always runs (and fails without MOTO_ENDPOINT).
    exclude:
      process.env.MOTO_ENDPOINT || process.env.CI
        ? ['**/node_modules/**']
        : ['**/node_modules/**', 'test/moto-differential.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files share nothing global, so workers can keep loaded modules (the AWS SDK is the
    // heavy one) between files instead of importing them again for each.
    isolate: false,
  },
});
