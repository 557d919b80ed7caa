import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@locksmith/sdk-node',
    include: ['test/**/*.test.ts'],
    // CI runs every package's tests side by side on 2 cores; budgets are generous because the
    // tests wait on fake clocks and local servers, never on real time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
