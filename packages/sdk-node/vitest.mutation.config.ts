import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The unit tests as StrykerJS runs them (from the repository root, see stryker.config.json):
 * rooted here, without the declaration-emit test, which exercises no mutated code at run time and
 * costs seconds per run.
 */
export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('.', import.meta.url)),
    test: {
      exclude: ['test/package-surface.test.ts'],
      // Instrumented code runs several times slower: every budget scales (see test/helpers/budget.ts).
      env: { LOCKSMITH_TEST_BUDGET_SCALE: '8' },
      // Keep modules loaded between mutant runs: re-importing the AWS SDK for each of ~2,800
      // mutants would take hours. Mutants switch at run time, and every test closes what it opens.
      isolate: false,
      testTimeout: 40_000,
      hookTimeout: 80_000,
    },
  }),
);
