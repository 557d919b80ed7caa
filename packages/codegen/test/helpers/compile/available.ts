import type { TestContext } from 'vitest';
import type { AccessorCompiler } from './toolchain.js';

/**
 * Skips the running test when the check's toolchain is missing, saying which one; with `CI=true`
 * it fails instead, so CI never passes without compiling.
 */
export async function requireToolchain(check: AccessorCompiler, context: TestContext): Promise<void> {
  const missing = await check.missing();
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(`${check.tool} cannot run in CI: ${missing}`);
  context.skip(`${missing} (CI fails here instead)`);
}
