import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@locksmith/ops',
    include: ['test/**/*.test.ts'],
    // The commands talk to the testkit's fake stores over HTTP; one test spawns the built bin.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
