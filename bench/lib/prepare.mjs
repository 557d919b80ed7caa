/**
 * What the Go, Python and Rust benchmarks need before they run from a clean clone (after
 * `pnpm install`): the testkit's build, whose `locksmith-fake` each of them starts out of process.
 * Their own toolchains build the rest (`go run` with the committed go.sum, the pinned venv,
 * `cargo run --locked`). Turbo skips the build when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Builds @locksmith/testkit and what it depends on; its output goes to stderr. */
export function buildTestkit() {
  const run = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@locksmith/testkit', '--output-logs=errors-only'],
    { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] },
  );
  if (run.status !== 0) {
    throw new Error('building @locksmith/testkit failed (was `pnpm install` run in this clone?)');
  }
}
