import { copyFile, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CATALOG } from './helpers/catalogs.js';
import { type CliResult, runBin, tempDir } from './helpers/cli.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await copyFile(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

const out = (path: string) => join(dir, 'generated', path);
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

function gen(...args: string[]): Promise<CliResult> {
  return runBin(dir, ['gen', ...args]);
}

/**
 * Everything but the TypeScript accessors: loading the TypeScript toolchain costs about a second
 * per spawn, and the behaviour under test is the same for every kind.
 */
const NO_TS = ['--only', 'kubernetes,iam,vault,dotenv,terraform,inventory'];
function genFast(...args: string[]): Promise<CliResult> {
  return gen(...NO_TS, ...args);
}

// Each test spawns the bin several times (about a second each, more on a loaded two-core runner).
describe('locksmith gen / gen --check (built bin)', { timeout: 180_000 }, () => {
  it('generates every artifact and then passes the check', async () => {
    const first = await gen();
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^locksmith: \d+ written, 0 removed, 0 unchanged in \.\/generated\n$/);
    for (const path of [
      'SECRETS.md',
      'ts/api.ts',
      'iam/prod/api.json',
      '.gitattributes',
      '.locksmith-manifest.json',
    ]) {
      expect(await exists(out(path)), path).toBe(true);
    }
    // The bin renders accessors in a worker thread; the bytes match the in-thread golden files.
    for (const path of ['ts/api.ts', 'kubernetes/prod/api.yaml']) {
      const golden = await readFile(new URL(`./golden/generated/${path}`, import.meta.url), 'utf8');
      expect(await readFile(out(path), 'utf8'), path).toBe(golden);
    }
    const check = await gen('--check');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/up to date/);
    expect((await gen()).stdout).toMatch(/ 0 written, 0 removed, \d+ unchanged/);
  });

  it('exits 1 with a plain unified diff and the fixing command after a hand edit', async () => {
    await genFast();
    const file = out('iam/prod/api.json');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('"secretsmanager:GetSecretValue"', '"secretsmanager:*"'));
    const check = await genFast('--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('iam/prod/api.json differs from what the catalog generates');
    expect(check.stderr).toContain('--- a/iam/prod/api.json\n+++ b/iam/prod/api.json');
    expect(check.stderr).toContain(
      '-          "secretsmanager:*"\n+          "secretsmanager:GetSecretValue"',
    );
    expect(check.stderr).toContain(
      `Fix: locksmith gen --catalog ./secrets.catalog.yaml --out ./generated --only ${NO_TS[1]}`,
    );
    expect(check.stderr).not.toContain('\u001b[');
    expect(await readFile(file, 'utf8')).not.toBe(original); // --check wrote nothing
  });

  it('counts missing, edited, forged and stray files as drift, checks all, reports JSON', async () => {
    await genFast();
    await rm(out('SECRETS.md'));
    // A copied header does not make a file locksmith's: the manifest says what gen wrote.
    const header = (await readFile(out('vault/prod/api.hcl'), 'utf8')).split('\n').slice(0, 2).join('\n');
    await writeFile(out('vault/prod/retired.hcl'), `${header}\n`);
    await writeFile(
      out('iam/prod/admin.json'),
      '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}\n',
    );
    await writeFile(out('iam/prod/api.json'), '{}\n'); // recorded by gen: an edit, with a diff
    const check = await genFast('--check', '--json');
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as {
      ok: boolean;
      files: Array<{ path: string; status: string }>;
    };
    expect(report.ok).toBe(false);
    expect(report.files.filter((f) => f.status !== 'ok')).toEqual([
      { path: 'SECRETS.md', status: 'missing' },
      { path: 'iam/prod/admin.json', status: 'foreign' },
      { path: 'iam/prod/api.json', status: 'stale' },
      { path: 'vault/prod/retired.hcl', status: 'foreign' },
    ]);
    const human = await genFast('--check');
    expect(human.stderr).toContain('iam/prod/admin.json was not written by locksmith');
    expect(human.stderr).toContain('+++ b/iam/prod/api.json');
  });

  it('shows a diff for an edit inside the header, and names CRLF line endings', async () => {
    await genFast();
    const file = out('env/api.env.example');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('Do not edit', 'Please edit'));
    const edited = await genFast('--check');
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('env/api.env.example differs from what the catalog generates');
    expect(edited.stderr).toMatch(/-# Generated by locksmith from secrets\.catalog\.yaml\. Please edit/);
    await writeFile(file, original.replace(/\n/g, '\r\n'));
    const crlf = await genFast('--check');
    expect(crlf.code).toBe(1);
    expect(crlf.stderr).toContain('env/api.env.example has CRLF (\\r\\n) line endings; locksmith writes LF');
    expect(await readFile(out('.gitattributes'), 'utf8')).toContain('* text eol=lf');
  });

  it('refuses to run with a file it did not write in the output directory (exit 2, naming it), writing nothing', async () => {
    await genFast();
    await rm(out('SECRETS.md'));
    await writeFile(out('kubernetes/prod/admin-secret.yaml'), 'kind: Secret\n');
    const result = await genFast();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to write');
    expect(result.stderr).toContain(join(dir, 'generated', 'kubernetes', 'prod', 'admin-secret.yaml'));
    expect(await readFile(out('kubernetes/prod/admin-secret.yaml'), 'utf8')).toBe('kind: Secret\n');
    expect(await exists(out('SECRETS.md'))).toBe(false);
    // A file gen wrote and someone edited is gen's to put right.
    await rm(out('kubernetes/prod/admin-secret.yaml'));
    await writeFile(out('env/api.env.example'), 'MINE=1\n');
    expect((await genFast()).code).toBe(0);
    expect(await readFile(out('env/api.env.example'), 'utf8')).not.toBe('MINE=1\n');
  });

  it('removes generated files the catalog no longer produces, and their empty directories', async () => {
    const catalog = (secrets: string) =>
      [
        'version: 1',
        'project: tiny',
        'environments: [prod]',
        'providers:',
        '  aws: { region: us-east-1, accountId: "123456789012" }',
        '  vault: { mount: secret }',
        'services:',
        '  web: {}',
        'secrets:',
        secrets,
      ].join('\n');
    const aws = '  key: { provider: aws, schema: { type: string }, readers: [web] }';
    const vault = '  token: { provider: vault, schema: { type: string }, readers: [web] }';
    await writeFile(join(dir, 'tiny.catalog.yaml'), catalog(`${aws}\n${vault}\n`));
    expect((await genFast('--catalog', 'tiny.catalog.yaml')).code).toBe(0);
    expect(await exists(out('vault/prod/web.hcl'))).toBe(true);

    await writeFile(join(dir, 'tiny.catalog.yaml'), catalog(`${aws}\n`));
    const second = await genFast('--catalog', 'tiny.catalog.yaml');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/ [1-9]\d* removed/);
    expect(await exists(out('vault'))).toBe(false);
    expect((await genFast('--catalog', 'tiny.catalog.yaml', '--check')).code).toBe(0);
  });

  it('generates and checks only the selected kinds with --only', async () => {
    expect((await gen('--only', 'iam,inventory')).code).toBe(0);
    expect((await readdir(join(dir, 'generated'))).sort()).toEqual([
      '.gitattributes',
      '.locksmith-manifest.json',
      'SECRETS.md',
      'iam',
    ]);
    expect((await gen('--only', 'iam', '--check')).code).toBe(0);
    expect((await genFast('--check')).code).toBe(1);
    const bad = await gen('--only', 'iam,helm');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown kind "helm"');
  });

  it('exits 2 with the located, formatted catalog error for a bad catalog, writing nothing', async () => {
    await writeFile(
      join(dir, 'secrets.catalog.yaml'),
      'version: 1\nproject: x\nenvironments: [prod]\nsecrets:\n  a: {}\n',
    );
    const result = await gen();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/secrets\.catalog\.yaml:\d+:\d+/);
    expect(result.stderr).toMatch(/\d+ problems? in the catalog\./);
    expect(await exists(join(dir, 'generated'))).toBe(false);
    expect((await runBin(dir, ['validate'])).code).toBe(2);
    expect((await runBin(dir, ['gen', '--catalog', 'nope.yaml'])).code).toBe(2);
  });
});

describe('symbolic links in the output directory (built bin)', { timeout: 180_000 }, () => {
  it('never follows one: a linked file or folder fails the check and gen refuses to write through it', async () => {
    await genFast();
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    // A linked file with identical contents still fails: its bytes could change under gen's feet.
    await rename(out('iam/prod/api.json'), join(elsewhere, 'api.json'));
    await symlink(join(elsewhere, 'api.json'), out('iam/prod/api.json'));
    const check = await genFast('--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('iam/prod/api.json is a symbolic link');
    expect((await genFast()).code).toBe(2);

    // A generated folder linked elsewhere: gen must not write a single file through it.
    await rm(out('iam/prod/api.json'));
    await rm(out('vault'), { recursive: true });
    await symlink(elsewhere, out('vault'));
    const result = await genFast();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('symbolic link');
    expect((await readdir(elsewhere)).sort()).toEqual(['api.json']);
  });
});

describe('locksmith usage (built bin)', { timeout: 180_000 }, () => {
  it('validate reports a good catalog', async () => {
    const result = await runBin(dir, ['validate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ok: \d+ secrets, \d+ services, \d+ environments/);
  });

  it('prints help for every command, the version, and exits 2 on bad usage', async () => {
    for (const args of [['--help'], ['gen', '--help'], ['validate', '--help']]) {
      const result = await runBin(dir, args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: locksmith/);
    }
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect((await runBin(dir, ['--version'])).stdout).toBe(`${pkg.version}\n`);
    expect((await runBin(dir, ['gen', '--frobnicate'])).code).toBe(2);
    expect((await runBin(dir, ['deploy'])).code).toBe(2);
    expect((await runBin(dir, [])).code).toBe(2);
  });
});
