/**
 * A test's time budget: `ms` on a normal run, scaled up when the code runs instrumented for mutation
 * testing (vitest.mutation.config.ts sets the scale), where everything takes several times longer.
 */
export function budget(ms: number): number {
  return ms * (Number(process.env.LOCKSMITH_TEST_BUDGET_SCALE) || 1);
}

/**
 * Runs of a property-based test: `runs` on a normal run, fewer when instrumented for mutation
 * testing, where each surviving mutant runs every covering test to the end.
 */
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.LOCKSMITH_TEST_BUDGET_SCALE) || 1;
  return Math.max(20, Math.round(runs / scale));
}
