import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files share nothing global, so workers can keep loaded modules (the AWS SDK is the
    // heavy one) between files instead of importing them again for each.
    isolate: false,
  },
});
