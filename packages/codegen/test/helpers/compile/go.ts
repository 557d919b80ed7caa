import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AccessorCompiler,
  filesOf,
  type GeneratedTrees,
  REPO_ROOT,
  removeTree,
  run,
  runs,
  writeTree,
} from './toolchain.js';

const SDK = join(REPO_ROOT, 'packages/sdk-go');
const SDK_MODULE = 'github.com/locksmith-dev/locksmith/packages/sdk-go';

/**
 * `gofmt -l` and `go vet` over every generated Go package, in one temporary module that requires
 * packages/sdk-go through a `replace` directive (its requirements and go.sum copied, so the module
 * cache serves everything a service build would need).
 */
export const goVet: AccessorCompiler = {
  language: 'go',
  tool: 'go vet',
  async missing() {
    return (await runs('go', ['version'])) ? undefined : 'go is not on PATH (Go 1.24+ builds the Go SDK)';
  },
  count: (trees) => filesOf(trees, 'go', '.go').length,
  async compile(trees: GeneratedTrees) {
    const files = new Map<string, string>();
    for (const [name, path, contents] of filesOf(trees, 'go', '.go')) files.set(`${name}/${path}`, contents);
    const sdkMod = await readFile(join(SDK, 'go.mod'), 'utf8');
    // The SDK's requirements (direct and indirect) become the corpus module's, so the build list
    // and go.sum match the SDK's own and nothing is resolved anew.
    const requirements = sdkMod.slice(sdkMod.indexOf('require'));
    files.set(
      'go.mod',
      `module locksmith.test/corpus\n\ngo 1.24.0\n\nrequire ${SDK_MODULE} v0.0.0\n\n${requirements}\nreplace ${SDK_MODULE} => ${SDK}\n`,
    );
    files.set('go.sum', await readFile(join(SDK, 'go.sum'), 'utf8'));
    const dir = await writeTree('locksmith-corpus-go-', files);
    try {
      const env = { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };
      const problems: string[] = [];
      const format = await run('gofmt', ['-l', '.'], { cwd: dir, env });
      if (!format.ok || format.output !== '') problems.push(`gofmt -l: ${format.output}`);
      const vet = await run('go', ['vet', './...'], { cwd: dir, env });
      if (!vet.ok) problems.push(`go vet: ${vet.output}`);
      return problems;
    } finally {
      await removeTree(dir);
    }
  },
};
