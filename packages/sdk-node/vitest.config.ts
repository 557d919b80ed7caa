import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@locksmith/sdk-node',
    include: ['test/**/*.test.ts'],
    // Tests wait on fake clocks and local servers, never on real time: most take milliseconds, and
    // 5 s leaves room for a CI machine running two packages' tests on 2 cores. The few that spawn a
    // process, emit declarations or move megabytes set their own budget next to the test.
    testTimeout: 5_000,
    hookTimeout: 10_000,
  },
});
