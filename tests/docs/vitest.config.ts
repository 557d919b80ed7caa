import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@locksmith/docs-tests',
    include: ['test/**/*.test.ts'],
    // Shell blocks spawn the CLI and the fakes; compiling the TypeScript blocks loads the compiler.
    // Budgets sized for a loaded 2-core runner; every wait inside a block is on an event it prints.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
