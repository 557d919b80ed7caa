#!/usr/bin/env node
// `pnpm deps`: the dependency rules of .dependency-cruiser.cjs (docs/architecture.md), in two steps.
// 1. The packages: no import circle in packages/*/src and no arrow the rules forbid.
// 2. The rules themselves: a scratch tree with one planted violation per rule (and two allowed
//    imports) must produce exactly those violations, so a rule that stopped matching fails here
//    instead of passing silently.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/.bin/depcruise');

/** Violations found under `dirs` (relative to `cwd`), as `rule: from -> to`. */
function cruise(cwd, dirs) {
  let out;
  try {
    out = execFileSync(depcruise, [...dirs, '--config', config, '--output-type', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // depcruise exits non-zero when it finds violations; the JSON is on stdout all the same.
    if (typeof error.stdout !== 'string' || error.stdout === '') throw error;
    out = error.stdout;
  }
  return JSON.parse(out).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => `packages/${name}/src`)
  .filter((dir) => existsSync(join(root, dir)));
const found = cruise(root, packages);
if (found.length > 0) {
  console.error(`Dependency rules broken (see docs/architecture.md):\n  ${found.join('\n  ')}`);
  process.exit(1);
}
console.log(`dependency rules: ${packages.length} packages clean`);

/** One planted violation per rule, and imports the rules must allow. */
const SCRATCH = {
  'packages/schema/src/index.ts': "import '@locksmith/sdk-node';\nexport const catalog = 1;\n",
  'packages/sdk-node/src/index.ts': "import '@locksmith/codegen';\nimport '@locksmith/schema';\n",
  'packages/codegen/src/static.ts': "import '@locksmith/ops';\n",
  'packages/codegen/src/clients.ts': "import 'node-vault';\n",
  'packages/codegen/src/reach.ts':
    "import { catalog } from '../../schema/src/index.js';\nexport { catalog };\n",
  'packages/codegen/src/lazy.ts': "export const load = () => import('@locksmith/ops');\n",
  'packages/ops/src/index.ts': "import '@locksmith/codegen';\nimport '@locksmith/sdk-node';\n",
  'packages/ops/src/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
  'packages/ops/src/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  'packages/testkit/src/index.ts': "import '@locksmith/ops';\nimport '@locksmith/sdk-node';\n",
};
const EXPECTED = [
  'codegen-installs-no-store-clients: packages/codegen/src/clients.ts -> node-vault',
  'codegen-stays-pure: packages/codegen/src/static.ts -> @locksmith/ops',
  'no-circular: packages/ops/src/a.ts -> packages/ops/src/b.ts',
  'no-reaching-into-another-package: packages/codegen/src/reach.ts -> packages/schema/src/index.ts',
  'ops-not-on-codegen: packages/ops/src/index.ts -> @locksmith/codegen',
  'schema-imports-no-workspace-package: packages/schema/src/index.ts -> @locksmith/sdk-node',
  'sdk-node-not-upward: packages/sdk-node/src/index.ts -> @locksmith/codegen',
  'testkit-on-runtime-and-schema-only: packages/testkit/src/index.ts -> @locksmith/ops',
];

const scratch = mkdtempSync(join(tmpdir(), 'locksmith-deps-'));
try {
  for (const [file, text] of Object.entries(SCRATCH)) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    writeFileSync(join(scratch, file), text);
  }
  const dirs = [...new Set(Object.keys(SCRATCH).map((f) => dirname(f)))];
  const planted = cruise(scratch, dirs).sort();
  if (JSON.stringify(planted) !== JSON.stringify(EXPECTED)) {
    console.error(
      'The dependency rules no longer catch exactly the planted violations.\n' +
        `expected:\n  ${EXPECTED.join('\n  ')}\nfound:\n  ${planted.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(
    `dependency rules: each of the ${new Set(EXPECTED.map((e) => e.split(':')[0])).size} rules catches its planted violation`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
