import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyExample } from '../src/example-copy.js';
import { codeBlocks, where } from '../src/markdown.js';
import { runShell } from '../src/run-shell.js';

/** The GitHub Actions step of docs/ci-drift-check.md that turns `--json` into annotations. */
const recipe = codeBlocks('docs/ci-drift-check.md').find(
  (b) => b.lang === 'yaml' && b.code.includes('gen --check --json'),
);
const step = () => (parse(recipe!.code) as { run: string }[])[0]!;

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = copyExample());
});
afterEach(() => cleanup());

const run = () => runShell(step().run, dir, 60_000);

describe(`the annotation recipe (${recipe ? where(recipe) : 'missing'})`, () => {
  it('is in the docs, as one step with a run script', () => {
    expect(recipe).toBeDefined();
    expect(step().run).toContain('jq');
  });

  it('annotates nothing and passes when the generated files are up to date', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    expect(result.output).not.toContain('::error');
  });

  it('annotates each drifted file and fails with exit 1', async () => {
    const file = join(dir, 'generated/iam/prod/api.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Version"', '"Version" '));
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      '::error file=generated/iam/prod/api.json::stale; fix with: locksmith gen --catalog ./secrets.catalog.yaml --out ./generated',
    );
  });

  it('annotates every issue of an invalid catalog at its line and column, and fails with exit 2', async () => {
    const catalog = join(dir, 'secrets.catalog.yaml');
    const lines = readFileSync(catalog, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('readers: [api]'));
    lines[at] = lines[at]!.replace('readers: [api]', 'readers: [apii]');
    writeFileSync(catalog, lines.join('\n'));
    const result = await run();
    expect(result.code).toBe(2);
    const column = lines[at]!.indexOf('apii') + 1;
    expect(result.output).toContain(
      `::error file=secrets.catalog.yaml,line=${at + 1},col=${column}::reader "apii" is not a service in this catalog [unknown-reader] Did you mean "api"?`,
    );
  });
});
