#!/usr/bin/env node
// `pnpm check:packages`: every published package, as npm would get it (`pnpm pack`, packages built first).
// 1. The tarball holds README.md, LICENSE (the repository's) and package.json with license, repository
//    (pointing at the package's folder), homepage and bugs; it says it is ESM ("type": "module"), its README
//    says so; every source map names only sources the tarball holds; no test files.
// 2. @arethetypeswrong/cli finds no problem for ESM consumers (`--profile esm-only`: the CommonJS
//    resolutions it would flag are the documented require(esm) path, checked by 3).
// 3. A CommonJS TypeScript consumer (module nodenext, esModuleInterop off, skipLibCheck off) installs the
//    packed @locksmith/schema and @locksmith/sdk-node with npm, compiles against them and runs, require()-ing
//    the runtime (docs/packages.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPackage } from './pack-package.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['schema', 'codegen', 'ops', 'sdk-node', 'testkit'];
const REPOSITORY = 'git+https://github.com/locksmith-dev/locksmith.git';
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'locksmith-packages-'));
let failures = 0;

function fail(name, message) {
  console.error(`check:packages: ${name}: ${message}`);
  failures += 1;
}

/** Packs a workspace package into the scratch directory and returns the tarball path. */
const pack = (name) => packPackage(root, name, work);

/** Unpacks a tarball into its own directory and returns the `package/` folder. */
function unpack(name, tarball) {
  const dir = join(work, `unpacked-${name}`);
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return join(dir, 'package');
}

function files(dir) {
  return execFileSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.slice(2));
}

function checkTarball(name, dir) {
  const list = new Set(files(dir));
  for (const required of ['README.md', 'LICENSE', 'package.json'])
    if (!list.has(required)) fail(name, `the tarball has no ${required}`);
  if (list.has('LICENSE') && readFileSync(join(dir, 'LICENSE'), 'utf8') !== license)
    fail(name, 'LICENSE differs from the repository LICENSE');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.license !== 'Apache-2.0') fail(name, `license is ${pkg.license}`);
  if (pkg.type !== 'module') fail(name, 'not "type": "module"');
  if (pkg.repository?.url !== REPOSITORY || pkg.repository?.directory !== `packages/${name}`)
    fail(name, `repository is ${JSON.stringify(pkg.repository)}`);
  if (!pkg.homepage?.startsWith('https://')) fail(name, 'no homepage');
  if (!pkg.bugs?.url?.startsWith('https://')) fail(name, 'no bugs url');
  if (list.has('README.md') && !/ESM only/.test(readFileSync(join(dir, 'README.md'), 'utf8')))
    fail(name, 'the README does not say the package is ESM only');
  for (const file of list) {
    if (/(^|\/)test\/|\.test\.[cm]?[jt]s$/.test(file)) fail(name, `ships a test file: ${file}`);
    if (!file.endsWith('.map')) continue;
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const source of map.sources ?? []) {
      const target = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', source));
      if (!list.has(target)) fail(name, `${file} maps to ${target}, which the tarball does not hold`);
    }
  }
  return list.size;
}

function attw(name, tarball) {
  const result = spawnSync(
    'pnpm',
    ['exec', 'attw', tarball, '--profile', 'esm-only', '--format', 'ascii', '--quiet'],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) fail(name, `are-the-types-wrong:\n${result.stdout}${result.stderr}`);
}

/**
 * A CommonJS TypeScript project that requires the packed runtime (docs/packages.md, path 2), compiled
 * twice: with `"module": "nodenext"`, and with the older `"module": "commonjs"` (node10 resolution, through
 * the `types` and `main` fields), both without esModuleInterop and with every declaration checked.
 */
function commonJsConsumer(tarballs) {
  const dir = join(work, 'commonjs-consumer');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }),
  );
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarballs.schema,
      tarballs['sdk-node'],
      '@types/node@20',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const tsconfig = (module, moduleResolution) =>
    JSON.stringify({
      compilerOptions: {
        module,
        moduleResolution,
        target: 'es2022',
        strict: true,
        esModuleInterop: false,
        skipLibCheck: false,
        outDir: 'dist',
        types: ['node'],
      },
      include: ['src'],
    });
  writeFileSync(
    join(dir, 'src/main.ts'),
    [
      "import { createSecretClient, isSecretsError, type SecretClient } from '@locksmith/sdk-node';",
      "import type { ServiceDescriptor } from '@locksmith/schema';",
      '',
      'const descriptor: ServiceDescriptor = {',
      "  project: 'shop', service: 'api', catalogHash: 'consumer',",
      "  environments: { dev: { source: 'env', production: false } },",
      '  providers: {},',
      '  secrets: {',
      "    token: { name: 'token', kind: 'string', schema: { type: 'string', minLength: 8 },",
      "      fields: [{ name: null, env: 'API_TOKEN', type: 'string', required: true }],",
      "      rotation: { strategy: 'manual' }, placements: {} },",
      '  },',
      '};',
      'async function main(): Promise<void> {',
      "  const client: SecretClient<{ token: string }> = createSecretClient(descriptor, { environment: 'dev', metrics: false });",
      "  const token = await client.get('token');",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the consumer's own template literal, as source text
      "  process.stdout.write(`loaded ${token.length} characters; isSecretsError: ${isSecretsError(new Error('x'))}\\n`);",
      '  await client.close();',
      '}',
      'void main();',
      '',
    ].join('\n'),
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  for (const [module, resolution] of [
    ['nodenext', 'nodenext'],
    ['commonjs', 'node10'],
  ]) {
    const name = `commonjs consumer (module ${module})`;
    writeFileSync(join(dir, 'tsconfig.json'), tsconfig(module, resolution));
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    const compiled = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    if (compiled.status !== 0) {
      fail(name, `tsc failed:\n${compiled.stdout}${compiled.stderr}`);
      continue;
    }
    const output = readFileSync(join(dir, 'dist/main.js'), 'utf8');
    if (!output.includes('require("@locksmith/sdk-node")'))
      fail(name, 'the compiled file does not require() the runtime');
    const run = spawnSync(process.execPath, [join(dir, 'dist/main.js')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, API_TOKEN: 'consumer-token-value' },
    });
    if (run.status !== 0 || run.stdout !== 'loaded 20 characters; isSecretsError: false\n')
      fail(name, `exit ${run.status}: ${run.stdout}${run.stderr}`);
    else console.log(`${name}, no esModuleInterop, no skipLibCheck: compiles, and its require() runs`);
  }
}

try {
  const tarballs = {};
  for (const name of PACKAGES) {
    tarballs[name] = pack(name);
    const count = checkTarball(name, unpack(name, tarballs[name]));
    attw(name, tarballs[name]);
    console.log(
      `@locksmith/${name}: ${count} files; README, LICENSE, repository, homepage, maps with their sources`,
    );
  }
  commonJsConsumer(tarballs);
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`check:packages: ${failures} problem(s)`);
  process.exitCode = 1;
}
