import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@locksmith/codegen',
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn the built bin and the compile test runs the TypeScript checker.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
