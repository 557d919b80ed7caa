import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** The `locksmith` CLI as built (`pnpm build` runs before the tests). */
export const CLI = `${REPO}packages/codegen/dist/cli/bin.js`;
/**
 * The `locksmith` bin as a package manager would link it: the entry of whichever workspace
 * package declares `bin.locksmith` (codegen today), so the tours keep working if commands move.
 */
export const LOCKSMITH_BIN = ((): string => {
  for (const dir of readdirSync(join(REPO, 'packages'))) {
    const manifest = join(REPO, 'packages', dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> }).bin
      ?.locksmith;
    if (bin) return join(REPO, 'packages', dir, bin);
  }
  throw new Error('no workspace package declares the locksmith bin');
})();
export const EXAMPLE_CATALOG = `${REPO}apps/example-service/secrets.catalog.yaml`;
export const LEDGER_CATALOG = fileURLToPath(new URL('../fixtures/ledger.catalog.yaml', import.meta.url));

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly args: readonly string[];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in a child process. */
export function runCli(
  args: readonly string[],
  cwd = REPO,
  extraEnv: Readonly<Record<string, string>> = {},
): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...extraEnv },
  });
  return { args, status: result.status, stdout: result.stdout, stderr: result.stderr };
}
