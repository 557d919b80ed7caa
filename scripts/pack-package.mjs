// Packs a workspace package as npm would publish it (`pnpm pack`, which rewrites workspace: ranges),
// for the scripts that check what users install (check-packages.mjs, check-codegen-install.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Packs `packages/<name>` of the repository at `root` into `destination`; returns the tarball's path. */
export function packPackage(root, name, destination) {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], {
    cwd: join(root, 'packages', name),
    encoding: 'utf8',
  });
  const tarball = out.trim().split('\n').at(-1);
  if (!tarball?.endsWith('.tgz') || !existsSync(tarball)) throw new Error(`pnpm pack ${name}: ${out}`);
  return tarball;
}
