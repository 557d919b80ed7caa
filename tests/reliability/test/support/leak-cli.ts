import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanaryFixture } from './canary-fixture.js';
import type { LeakScanner } from './leak-scanner.js';
import { EXAMPLE_CATALOG, runCli } from './paths.js';

/** One CLI invocation of the tour and the exit code it must end with. */
interface Step {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: number;
  readonly before?: (dir: string) => void;
}

const GEN_OUT = 'generated';
const edit = (file: string, f: (text: string) => string) =>
  writeFileSync(file, f(readFileSync(file, 'utf8')));

/** Every command and error path of the CLI, in a temp copy of the example, with canaries in `.env` and the process env. */
const STEPS: readonly Step[] = [
  { name: 'validate', args: ['validate'], exit: 0 },
  { name: 'gen', args: ['gen', '--out', GEN_OUT], exit: 0 },
  { name: 'gen --check (clean)', args: ['gen', '--check', '--out', GEN_OUT], exit: 0 },
  { name: 'gen --check --json (clean)', args: ['gen', '--check', '--json', '--out', GEN_OUT], exit: 0 },
  {
    name: 'gen --check (drift)',
    args: ['gen', '--check', '--out', GEN_OUT],
    exit: 1,
    before: (dir) => {
      edit(join(dir, GEN_OUT, 'env/api.env.example'), (t) => `${t}# a hand edit\n`);
      rmSync(join(dir, GEN_OUT, 'iam/prod/worker.json'));
      writeFileSync(join(dir, GEN_OUT, 'iam/prod/extra.json'), '{}\n');
    },
  },
  { name: 'gen --check --json (drift)', args: ['gen', '--check', '--json', '--out', GEN_OUT], exit: 1 },
  {
    // gen owns the whole output directory: a file it did not write (at a path its manifest does
    // not record) makes it refuse. The drift step's stray goes first, so this file is the reason.
    name: 'gen over a foreign file',
    args: ['gen', '--out', GEN_OUT],
    exit: 2,
    before: (dir) => {
      rmSync(join(dir, GEN_OUT, 'iam/prod/extra.json'));
      writeFileSync(join(dir, GEN_OUT, 'env/mine.env.example'), 'MINE=1\n');
    },
  },
  {
    name: 'gen after removing the foreign file',
    args: ['gen', '--out', GEN_OUT],
    exit: 0,
    before: (dir) => rmSync(join(dir, GEN_OUT, 'env/mine.env.example')),
  },
  {
    name: 'validate a YAML syntax error',
    args: ['validate', '--catalog', 'broken.yaml'],
    exit: 2,
    before: (dir) =>
      writeFileSync(join(dir, 'broken.yaml'), 'version: 1\nproject: [shop\nsecrets:\n  - : :\n'),
  },
  {
    name: 'gen a schema-invalid catalog',
    args: ['gen', '--catalog', 'invalid.yaml', '--out', 'other'],
    exit: 2,
    before: (dir) =>
      writeFileSync(
        join(dir, 'invalid.yaml'),
        // A reader that is not a service: a semantic error, found after the YAML parsed.
        readFileSync(join(dir, 'secrets.catalog.yaml'), 'utf8').replace(
          /readers: \[api\b/,
          'readers: [nobody',
        ),
      ),
  },
  { name: 'validate a missing file', args: ['validate', '--catalog', 'missing.yaml'], exit: 2 },
  { name: 'unknown command', args: ['frobnicate'], exit: 2 },
  { name: 'unknown option', args: ['gen', '--bogus'], exit: 2 },
  { name: 'help', args: ['--help'], exit: 0 },
  { name: 'gen --help', args: ['gen', '--help'], exit: 0 },
];

/**
 * Runs the whole CLI tour and feeds every byte of stdout, stderr and every generated file to the
 * scanner. Returns the exit codes by step (the test checks each error path really was taken).
 */
export function runCliTour(fixture: CanaryFixture, scanner: LeakScanner): Record<string, number | null> {
  const dir = mkdtempSync(join(tmpdir(), 'locksmith-leak-cli-'));
  const exits: Record<string, number | null> = {};
  try {
    copyFileSync(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
    const dotenv = Object.entries(fixture.env).map(([k, v]) => `${k}=${v}`);
    writeFileSync(join(dir, '.env'), `${dotenv.join('\n')}\n`);
    for (const step of STEPS) {
      step.before?.(dir);
      const run = runCli(step.args, dir, { ...fixture.env, LOCKSMITH_ENV: 'dev' });
      exits[step.name] = run.status;
      scanner.add(`cli ${step.name} stdout`, run.stdout);
      scanner.add(`cli ${step.name} stderr`, run.stderr);
    }
    for (const file of readdirSync(join(dir, GEN_OUT), { recursive: true, encoding: 'utf8' })) {
      const path = join(dir, GEN_OUT, file);
      if (statSync(path).isFile()) scanner.add(`generated ${file}`, readFileSync(path));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return exits;
}

/** The exit code each step must end with. */
export const EXPECTED_EXITS: Record<string, number> = Object.fromEntries(STEPS.map((s) => [s.name, s.exit]));
