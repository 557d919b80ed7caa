#!/usr/bin/env node
/**
 * Lets `npm run demo` and `npm test` work on a machine that has only Node and npm:
 * finds the pinned pnpm (on PATH, else through npx), installs the workspace when
 * node_modules is missing or older than the lockfile, then runs the pnpm script named
 * on the command line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node scripts/bootstrap.mjs <pnpm script> [args...]\n');
  process.exit(2);
}

// packageManager is `pnpm@<version>+sha512.<hash>`: corepack checks the download against the hash.
const wanted = JSON.parse(readFileSync('package.json', 'utf8')).packageManager.split('@')[1].split('+')[0];
const env = { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };
const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env });
const pnpm =
  onPath.status === 0 && onPath.stdout.trim() === wanted ? ['pnpm'] : ['npx', '-y', `pnpm@${wanted}`];

function run(argv) {
  const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const marker = 'node_modules/.modules.yaml';
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync('pnpm-lock.yaml').mtimeMs) {
  run([...pnpm, 'install', '--frozen-lockfile']);
}
run([...pnpm, 'run', script, ...args]);
