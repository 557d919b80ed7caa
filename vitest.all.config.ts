import { defineConfig } from 'vitest/config';

/** Runs every package's tests in one process tree; used for the Node 22 pass in CI. */
export default defineConfig({
  test: { projects: ['packages/*', 'apps/*', 'tests/*'] },
});
