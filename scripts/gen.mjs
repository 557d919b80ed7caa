#!/usr/bin/env node
// `pnpm gen [-- gen options]`: regenerates apps/example-service's files with the locksmith CLI,
// building @locksmith/codegen (and the schema package under it) first when their sources changed.
//
// Turbo decides that by hashing the build inputs, but starting it costs about 0.2 s even on a
// cache hit, on top of pnpm's own 0.5 s: too much for a command run on every edit. So this script
// checks the same inputs itself against what it recorded after the last build it saw succeed,
// together with the identity (mtime, size) of the built files, and skips turbo only when both
// match. Like git's index (which turbo's hashing rests on), it first compares each input file's
// size and mtime, and reads and hashes the contents only when those moved (a checkout that
// rewrote files with the same bytes then costs one hashing pass, not a build). Anything else (a
// source edit, a new or removed file, a lockfile change, a dist rebuilt or removed by another
// command) runs turbo as before, which rebuilds or restores from its cache. The generator then
// runs in this process.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'node_modules/.cache/locksmith-gen/build-stamp.json');
const bin = join(root, 'packages/codegen/bin/locksmith.js');

/** What the codegen build reads: turbo's build inputs of both packages, their build scripts, the root config. */
function inputFiles() {
  const files = [];
  for (const pkg of ['packages/schema', 'packages/codegen']) {
    const dir = join(root, pkg);
    for (const file of walk(join(dir, 'src'))) if (!file.endsWith('.test.ts')) files.push(file);
    files.push(...walk(join(dir, 'scripts')));
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.json')) files.push(join(dir, name));
  }
  for (const name of ['package.json', 'pnpm-lock.yaml', 'turbo.json', 'tsconfig.base.json'])
    files.push(join(root, name));
  return files;
}

/** The input files' names, sizes and mtimes. */
function inputsSignature(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const info = statSync(file);
    hash.update(`${relative(root, file)}\0${info.size}\0${info.mtimeMs}\0`);
  }
  return hash.digest('hex');
}

/** The input files' names and contents. */
function inputsHash(files) {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex');
}

/** Which build the generator would run: the bundle and the schema files it loads, by mtime and size. */
function outputsIdentity() {
  const files = [
    ...walk(join(root, 'packages/codegen/dist/bundle')),
    join(root, 'packages/schema/dist/generated/catalog-validator.cjs'),
  ];
  return files
    .map((file) => {
      const info = statSync(file, { throwIfNoEntry: false });
      return `${relative(root, file)} ${info ? `${info.mtimeMs} ${info.size}` : 'missing'}`;
    })
    .join('\n');
}

/** Every file under `dir`, sorted; none if it does not exist. */
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
    });
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
}

const files = inputFiles();
const signature = inputsSignature(files);
const stamp = readStamp();
const outputsKnown = stamp !== undefined && stamp.outputs === outputsIdentity();
if (!outputsKnown || stamp.signature !== signature) {
  // Hashed before any build: an edit made while turbo runs makes the next run build again.
  const inputs = inputsHash(files);
  if (!outputsKnown || stamp.inputs !== inputs) {
    const turbo = fileURLToPath(import.meta.resolve('turbo/bin/turbo'));
    const build = spawnSync(
      process.execPath,
      [turbo, 'run', 'build', '--filter=@locksmith/codegen', '--output-logs=errors-only'],
      { cwd: root, stdio: 'inherit' },
    );
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  mkdirSync(join(stampFile, '..'), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify({ signature, inputs, outputs: outputsIdentity() })}\n`);
}

process.chdir(join(root, 'apps/example-service'));
process.argv = [process.argv[0], bin, 'gen', ...process.argv.slice(2)];
await import(pathToFileURL(bin).href);
