import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CI runs this suite beside every other package's tests on 2 cores: generous per-test budgets,
    // while every wait inside the tests is on a simulated clock or a bounded socket timeout.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
