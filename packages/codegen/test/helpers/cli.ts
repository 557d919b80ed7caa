import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built bin, as `locksmith` runs it (build the package first). */
export const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns `node dist/cli/bin.js …args` in `cwd`, never on a TTY, and collects its output. The
 * environment is the test's without colour variables, plus `env` (default: NO_COLOR=1).
 */
export function runBin(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = { NO_COLOR: '1' },
): Promise<CliResult> {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...base } = process.env;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'locksmith-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
