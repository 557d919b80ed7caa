import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The `locksmith` bin of @locksmith/codegen as built, which loads this package (linked as its
 * optional peer) when an operations command runs: the path a user's command takes.
 */
const CODEGEN = dirname(createRequire(import.meta.url).resolve('@locksmith/codegen/package.json'));
export const BIN = join(CODEGEN, 'dist/cli/bin.js');

/** The files codegen's golden test holds equal to what `locksmith gen` writes for the example catalog. */
export const CODEGEN_GOLDEN = join(CODEGEN, 'test/golden/generated');

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'locksmith-ops-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
