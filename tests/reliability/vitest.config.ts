import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Waits inside these tests are on a simulated clock, a bounded socket timeout or an event; most
    // tests take well under a second. 10 s leaves room for a CI machine running two packages' tests
    // on 2 cores. Tests that drive the CLI or many clients set their own budget beside them.
    testTimeout: 10_000,
    hookTimeout: 20_000,
  },
});
