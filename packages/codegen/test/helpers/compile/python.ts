import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AccessorCompiler,
  filesOf,
  type GeneratedTrees,
  identifierOf,
  REPO_ROOT,
  removeTree,
  run,
  writeTree,
} from './toolchain.js';

const SDK = join(REPO_ROOT, 'packages/sdk-python');

/**
 * The interpreter to type-check with: the polyglot harness's pinned virtualenv
 * (packages/sdk-python/scripts/venv.sh; `LOCKSMITH_PY_VENV` or the package's `.venv`) when it exists,
 * else `python3` on PATH when it has mypy and jsonschema (the SDK's one dependency).
 */
async function interpreter(): Promise<string | undefined> {
  const venv = process.env.LOCKSMITH_PY_VENV ?? join(SDK, '.venv');
  const pinned = join(venv, 'bin', 'python');
  try {
    await access(pinned);
    return pinned;
  } catch {
    const usable = await run('python3', ['-c', 'import mypy, jsonschema'], { cwd: REPO_ROOT });
    return usable.ok ? 'python3' : undefined;
  }
}

/**
 * Every generated Python package imported by the interpreter and type-checked with
 * `mypy --strict` (the SDK's own mypy settings) against packages/sdk-python, in one run. Each
 * case's packages are copied under a name of their own (`c_<case>__<package>`: the generated
 * modules import each other relatively), so two catalogs' `api` packages do not clash.
 */
export const mypyStrict: AccessorCompiler = {
  language: 'python',
  tool: 'python import + mypy --strict',
  async missing() {
    return (await interpreter())
      ? undefined
      : 'no Python with mypy and jsonschema: run `bash packages/sdk-python/scripts/venv.sh` for the pinned virtualenv';
  },
  count: (trees) => filesOf(trees, 'python', '.py').length,
  async compile(trees: GeneratedTrees) {
    const python = (await interpreter())!;
    const files = new Map<string, string>();
    const packages = new Set<string>();
    for (const [name, path, contents] of filesOf(trees, 'python', '.py')) {
      const [pkg, ...rest] = path.split('/');
      const renamed = `${identifierOf(name)}__${pkg}`;
      packages.add(renamed);
      files.set([renamed, ...rest].join('/'), contents);
    }
    const dir = await writeTree('locksmith-corpus-py-', files);
    try {
      const env = {
        PYTHONPATH: `${dir}:${join(SDK, 'src')}`,
        MYPYPATH: join(SDK, 'src'),
        PYTHONDONTWRITEBYTECODE: '1',
      };
      const problems: string[] = [];
      const names = [...packages].sort();
      const imported = await run(python, ['-c', names.map((n) => `import ${n}.secrets`).join('; ')], {
        cwd: dir,
        env,
      });
      if (!imported.ok) problems.push(`python import: ${imported.output}`);
      const mypy = await run(
        python,
        [
          '-m',
          'mypy',
          '--config-file',
          join(SDK, 'pyproject.toml'),
          '--strict',
          // A cache outside the temporary tree: the SDK is analysed once, not on every run.
          '--cache-dir',
          join(tmpdir(), 'locksmith-mypy-corpus-cache'),
          ...names,
        ],
        { cwd: dir, env },
      );
      if (!mypy.ok) problems.push(`mypy --strict: ${mypy.output}`);
      return problems;
    } finally {
      await removeTree(dir);
    }
  },
};
