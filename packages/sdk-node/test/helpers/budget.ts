/**
 * A test's time budget: `ms` on a normal run, scaled up when the code runs instrumented for mutation
 * testing (vitest.mutation.config.ts sets the scale), where everything takes several times longer.
 */
export function budget(ms: number): number {
  return ms * (Number(process.env.LOCKSMITH_TEST_BUDGET_SCALE) || 1);
}
