import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './markdown.js';

const EXAMPLE = join(ROOT, 'apps/example-service');

/**
 * A copy of the example service (catalog, generated files, built `dist/`, sources) in `parent` (a
 * fresh temporary directory by default), with its `node_modules` linked to the workspace's, so a
 * block's `npx locksmith`, `pnpm exec locksmith` and `npx locksmith-fake` find the bins a user's
 * install would give them. The copy names the repository's pinned pnpm as its package manager, as a
 * project using pnpm would, so `pnpm exec` runs there without fetching another pnpm. Returns the
 * directory and its cleanup.
 */
export function copyExample(parent?: string): { dir: string; cleanup: () => void } {
  const base = parent ?? mkdtempSync(join(tmpdir(), 'locksmith-docs-'));
  const dir = join(base, 'example');
  cpSync(EXAMPLE, dir, {
    recursive: true,
    filter: (source) => !source.startsWith(join(EXAMPLE, 'node_modules')),
  });
  symlinkSync(join(EXAMPLE, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const { packageManager } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    packageManager: string;
  };
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...pkg, packageManager }, null, 2)}\n`);
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}
