import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '@locksmith/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { tempDir } from './helpers/cli.js';
import { requireToolchain } from './helpers/compile/available.js';
import type { AccessorCompiler } from './helpers/compile/toolchain.js';
import { filesUnder, inspectOutput, LANGUAGE_CHECKS } from './helpers/inspect-output.js';

const CORPUS = fileURLToPath(new URL('./fixtures/adversarial/', import.meta.url));
const cases = (await readdir(CORPUS)).filter((f) => f.endsWith('.yaml')).sort();

interface Expectation {
  readonly accept: boolean;
  readonly codes: readonly string[];
  readonly filename: string;
}

function expectationOf(text: string): Expectation {
  const expect = /^# expect: (accept|reject)(.*)$/m.exec(text);
  if (!expect) throw new Error('corpus file without "# expect:" line');
  const filename = /^# filename: (.+)$/m.exec(text);
  return {
    accept: expect[1] === 'accept',
    codes: expect[2]!.trim().split(/\s+/).filter(Boolean),
    filename: filename ? (JSON.parse(filename[1]!) as string) : 'secrets.catalog.yaml',
  };
}

async function run(cwd: string, args: string[]) {
  const output = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    cwd,
    color: false,
    stdout: (t) => {
      output.stdout += t;
    },
    stderr: (t) => {
      output.stderr += t;
    },
  });
  return { code, ...output };
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

interface Outcome {
  readonly expected: Expectation;
  readonly cwd: string;
  readonly catalogArg: string;
  readonly validate: Awaited<ReturnType<typeof run>>;
  readonly gen: Awaited<ReturnType<typeof run>>;
}

/** `validate` and `gen` of one corpus catalog in a folder of its own, run once and shared. */
const outcomes = new Map<string, Promise<Outcome>>();
function outcome(name: string): Promise<Outcome> {
  let found = outcomes.get(name);
  if (!found) {
    found = (async () => {
      const text = await readFile(join(CORPUS, name), 'utf8');
      const expected = expectationOf(text);
      const cwd = join(dir, name.replace(/\.yaml$/, ''));
      await mkdir(cwd);
      await writeFile(join(cwd, expected.filename), text);
      const catalogArg = `./${expected.filename}`;
      const validate = await run(cwd, ['validate', '--catalog', catalogArg]);
      const gen = await run(cwd, ['gen', '--catalog', catalogArg, '--out', 'out']);
      return { expected, cwd, catalogArg, validate, gen };
    })();
    outcomes.set(name, found);
  }
  return found;
}

describe.each(cases)('adversarial catalog %s', (name) => {
  it('is rejected with the same located errors by validate and gen, or generates sound output', async () => {
    const { expected, cwd, catalogArg, validate, gen } = await outcome(name);

    if (!expected.accept) {
      expect(validate.code, validate.stderr).toBe(2);
      expect(gen.code, gen.stderr).toBe(2);
      expect(gen.stderr).toBe(validate.stderr);
      for (const code of expected.codes) expect(validate.stderr).toContain(`[${code}]`);
      // Every issue line is located: file:line:col with a line above 0. (Code-frame lines start
      // with a space or the `>` marker and quote the catalog, which may end like `[prod]`.)
      const issueLines = validate.stderr
        .split('\n')
        .filter((l) => !/^[ >]/.test(l) && / \[[a-z-]+\]$/.test(l));
      expect(issueLines.length).toBeGreaterThan(0);
      for (const line of issueLines) expect(line).toMatch(/:[1-9]\d*:[1-9]\d*[ :]/);
      expect(await readdir(cwd)).toEqual([expected.filename]);
      return;
    }

    expect(validate.code, validate.stderr).toBe(0);
    expect(gen.code, gen.stderr).toBe(0);
    // Nothing outside the output directory: only the catalog and out/ exist.
    expect((await readdir(cwd)).sort()).toEqual([expected.filename, 'out'].sort());
    const catalog = await loadCatalog(join(cwd, expected.filename));
    expect(await inspectOutput(catalog, await filesUnder(join(cwd, 'out')))).toEqual([]);
    const check = await run(cwd, ['gen', '--catalog', catalogArg, '--out', 'out', '--check']);
    expect(check.code, check.stderr).toBe(0);

    // With a generated folder linked elsewhere, gen refuses and writes nothing through the link.
    const elsewhere = join(cwd, 'elsewhere');
    await mkdir(elsewhere);
    const linked = await run(cwd, [
      'gen',
      '--catalog',
      catalogArg,
      '--out',
      'out2',
      '--only',
      'iam,vault,dotenv',
    ]);
    expect(linked.code).toBe(0);
    const target = (await readdir(join(cwd, 'out2'))).find((entry) => !entry.startsWith('.'))!;
    const { rm } = await import('node:fs/promises');
    await rm(join(cwd, 'out2', target), { recursive: true });
    await symlink(elsewhere, join(cwd, 'out2', target));
    const refused = await run(cwd, [
      'gen',
      '--catalog',
      catalogArg,
      '--out',
      'out2',
      '--only',
      'iam,vault,dotenv',
    ]);
    expect(refused.code).toBe(2);
    expect(await readdir(elsewhere)).toEqual([]);
    // Sized for the accepted cases: a strict TypeScript compile and hundreds of IAM simulations.
  }, 240_000);
});

/**
 * The Go, Python and Rust accessors of every accepted catalog, compiled for real against their
 * SDKs, one build per language for the whole corpus. A missing toolchain fails in CI; elsewhere
 * the test says which toolchain it lacks and is skipped.
 */
describe('accessors of the accepted catalogs, compiled against their SDKs', () => {
  it.for(
    LANGUAGE_CHECKS.map((check): [string, AccessorCompiler] => [`${check.language}: ${check.tool}`, check]),
  )(
    '%s',
    // Sized for a cold toolchain: the first cargo check compiles the Rust SDK's dependencies.
    { timeout: 900_000 },
    async ([, check], context) => {
      await requireToolchain(check, context);
      const trees = new Map<string, Map<string, string>>();
      for (const name of cases) {
        const { expected, cwd, gen } = await outcome(name);
        if (expected.accept && gen.code === 0)
          trees.set(name.replace(/\.yaml$/, ''), await filesUnder(join(cwd, 'out')));
      }
      // Without any file of the language the check would prove nothing.
      expect(check.count(trees), `no ${check.language} accessors in the accepted corpus`).toBeGreaterThan(0);
      expect(await check.compile(trees)).toEqual([]);
    },
  );
});
