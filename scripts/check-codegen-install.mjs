#!/usr/bin/env node
// `pnpm check:install`: what a user gets from npm, proven on packed tarballs (`pnpm pack`) installed
// into empty projects with npm (the packages are built first).
// 1. @locksmith/codegen alone: no AWS SDK, no node-vault, no axios in node_modules; `gen` and
//    `validate` work; an operations command exits 2 saying how to install @locksmith/ops.
// 2. With @locksmith/ops next to it: the same `locksmith` runs the operations commands.
// Prints the size of each node_modules (KiB, `du -sk`) and its package count.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPackage } from './pack-package.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const catalog = join(root, 'apps/example-service/secrets.catalog.yaml');
const FORBIDDEN = ['@aws-sdk', '@smithy', 'node-vault', 'axios'];
const work = mkdtempSync(join(tmpdir(), 'locksmith-install-'));

function fail(message) {
  console.error(`check:install: ${message}`);
  process.exitCode = 1;
}

/** Packs a workspace package into the scratch directory and returns the tarball path. */
const pack = (name) => packPackage(root, name, work);

/** An empty npm project with the given tarballs installed; returns its directory. */
function install(project, tarballs) {
  const dir = join(work, project);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: project, private: true, version: '1.0.0' }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return dir;
}

/** Every installed package name (scoped ones as `@scope/name`). */
function installedPackages(dir) {
  const modules = join(dir, 'node_modules');
  return readdirSync(modules)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n]));
}

function size(dir) {
  const kib = Number(
    execFileSync('du', ['-sk', join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0],
  );
  return `${kib.toLocaleString('en-US')} KiB, ${installedPackages(dir).length} packages`;
}

function locksmith(dir, args) {
  return spawnSync(
    process.execPath,
    [join(dir, 'node_modules/@locksmith/codegen/bin/locksmith.js'), ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
}

try {
  const tarballs = Object.fromEntries(['schema', 'codegen', 'sdk-node', 'ops'].map((n) => [n, pack(n)]));

  const alone = install('codegen-alone', [tarballs.schema, tarballs.codegen]);
  const pulled = installedPackages(alone).filter((p) =>
    FORBIDDEN.some((f) => p === f || p.startsWith(`${f}/`)),
  );
  if (pulled.length > 0) fail(`installing @locksmith/codegen alone pulled ${pulled.join(', ')}`);
  if (locksmith(alone, ['validate', '--catalog', catalog]).status !== 0) fail('validate failed');
  const gen = locksmith(alone, ['gen', '--catalog', catalog, '--out', 'generated']);
  if (gen.status !== 0) fail(`gen failed: ${gen.stderr}`);
  const doctor = locksmith(alone, ['doctor', '--env', 'staging', '--catalog', catalog]);
  if (doctor.status !== 2 || !doctor.stderr.includes('npm install --save-dev @locksmith/ops')) {
    fail(`doctor without @locksmith/ops: exit ${doctor.status}, ${doctor.stderr}`);
  }
  console.log(`@locksmith/codegen alone: ${size(alone)}; no ${FORBIDDEN.join(', ')}`);

  const both = install('codegen-and-ops', Object.values(tarballs));
  const estimate = locksmith(both, ['estimate', '--replicas', '3', '--catalog', catalog, '--json']);
  if (estimate.status !== 0 || !estimate.stdout.includes('"estimates"')) {
    fail(`estimate with @locksmith/ops: exit ${estimate.status}, ${estimate.stderr}`);
  }
  console.log(`@locksmith/codegen with @locksmith/ops: ${size(both)}; operations commands run`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
