import { configDefaults, defineConfig } from 'vitest/config';

// The rotation drill needs a real PostgreSQL (CI starts one and sets LOCKSMITH_PG_URL). Without
// it the drill is left out, not skipped: outside CI it is named on stderr; in CI it is kept, and
// the file itself fails because the server is missing.
const drillWithoutServer = !process.env.LOCKSMITH_PG_URL && !process.env.CI;
if (drillWithoutServer) {
  console.warn(
    '[example-service] PostgreSQL rotation drill not run: set LOCKSMITH_PG_URL (scripts/start-postgres.sh prints one)',
  );
}

export default defineConfig({
  test: {
    name: '@locksmith/example-service',
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(drillWithoutServer ? ['test/postgres-rotation.test.ts'] : [])],
    // CI runs every package's tests side by side on 2 cores; budgets are generous because the
    // tests wait on fake clocks and local servers, never on real time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
