import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { tempDir } from '../helpers/cli.js';
import { type CatalogDoc, smallCatalog } from './catalogs.js';

const run = promisify(execFile);

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

async function plan(args: readonly string[], cwd = dir) {
  const output = { stdout: '', stderr: '' };
  const io = {
    cwd,
    color: false,
    stdout: (t: string) => {
      output.stdout += t;
    },
    stderr: (t: string) => {
      output.stderr += t;
    },
  };
  const code = await runCli(['plan', ...args], io);
  return { code, ...output };
}

async function write(file: string, doc: CatalogDoc | string): Promise<void> {
  await writeFile(join(dir, file), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
}

function withReader(reader: string): CatalogDoc {
  const doc = smallCatalog();
  doc.secrets.database!.readers.push(reader);
  return doc;
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], {
    cwd,
  });
  return stdout;
}

describe('locksmith plan: exit codes', () => {
  it('exits 3 when a service gains access, 0 when nothing but rotation changes', async () => {
    await write('base.json', smallCatalog());
    await write('secrets.catalog.yaml', withReader('api'));
    const gained = await plan(['--base', 'base.json']);
    expect(gained.code).toBe(3);
    expect(gained.stdout).toContain('+ api can now read database');
    expect(gained.stdout).toContain('Access changes need review (exit 3).');

    const rotated = smallCatalog();
    rotated.secrets.database!.rotation = { strategy: 'manual', every: '30d' };
    await write('secrets.catalog.yaml', rotated);
    const quiet = await plan(['--base', 'base.json']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('rotation.every of database: 90d → 30d');
  });

  it('exits 2 with located errors when the working catalog is invalid', async () => {
    await write('base.json', smallCatalog());
    await write('secrets.catalog.yaml', withReader('ghost'));
    const result = await plan(['--base', 'base.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/secrets\.catalog\.yaml:\d+:\d+/);
    expect(result.stderr).toContain('ghost');
    expect(result.stdout).toBe('');
  });

  it('exits 2 naming the base when the base catalog is invalid', async () => {
    await write('base.json', withReader('ghost'));
    await write('secrets.catalog.yaml', smallCatalog());
    const result = await plan(['--base', 'base.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the base catalog (base.json) is invalid');
    expect(result.stderr).toMatch(/base\.json:\d+:\d+/);
  });

  it('exits 2 on a bad --max-readers or --format, before reading anything', async () => {
    expect((await plan(['--base', 'x', '--max-readers', 'many'])).code).toBe(2);
    const format = await plan(['--base', 'x', '--format', 'markdwn']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('did you mean markdown?');
  });
});

describe('locksmith plan: the base from git', () => {
  beforeEach(async () => {
    await mkdir(join(dir, 'app'));
    await git(dir, 'init', '-q', '-b', 'main');
    await writeFile(join(dir, 'app/secrets.catalog.yaml'), JSON.stringify(smallCatalog(), null, 2));
    await git(dir, 'add', '.');
    await git(dir, 'commit', '-q', '-m', 'catalog');
  });

  it('reads the committed catalog with git show and leaves the working tree and index alone', async () => {
    const edited = JSON.stringify(withReader('api'), null, 2);
    await writeFile(join(dir, 'app/secrets.catalog.yaml'), edited);
    const statusBefore = await git(dir, 'status', '--porcelain');
    const result = await plan(['--base', 'main', '--catalog', 'secrets.catalog.yaml'], join(dir, 'app'));
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('locksmith plan: main:app/secrets.catalog.yaml → secrets.catalog.yaml');
    expect(result.stdout).toContain('+ api can now read database');
    expect(await readFile(join(dir, 'app/secrets.catalog.yaml'), 'utf8')).toBe(edited);
    expect(await git(dir, 'status', '--porcelain')).toBe(statusBefore);
  });

  it('treats a catalog the revision does not have as new: every grant is gained', async () => {
    await git(dir, 'mv', 'app/secrets.catalog.yaml', 'app/old.yaml');
    await git(dir, 'commit', '-q', '-m', 'rename');
    await writeFile(join(dir, 'app/secrets.catalog.yaml'), JSON.stringify(smallCatalog(), null, 2));
    const result = await plan(['--base', 'HEAD', '--format', 'json'], join(dir, 'app'));
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout);
    expect(json.base).toEqual({ source: 'HEAD:app/secrets.catalog.yaml', hash: null });
    expect(json.summary.gained).toBe(4);
    // A person reading the text or the PR comment is told why everything is new, and what to do.
    const text = await plan(['--base', 'HEAD'], join(dir, 'app'));
    expect(text.stdout.split('\n')[2]).toBe(
      'The base has no catalog (HEAD:app/secrets.catalog.yaml): every grant below is new. If the catalog was moved or renamed since, compare with its old copy: --base <file>.',
    );
    const markdown = await plan(['--base', 'HEAD', '--format', 'markdown'], join(dir, 'app'));
    expect(markdown.stdout).toContain(
      '> The base has no catalog (`HEAD:app/secrets.catalog.yaml`): every grant below is new. If the catalog was moved or renamed since, compare with its old copy: `--base <file>`.',
    );
    const present = await plan(['--base', 'HEAD', '--catalog', 'old.yaml'], join(dir, 'app'));
    expect(present.stdout).not.toContain('The base has no catalog');
  });

  it('exits 2 for a revision that does not exist or looks like an option', async () => {
    const unknown = await plan(['--base', 'no-such-branch'], join(dir, 'app'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('neither a file nor a git revision');
    const option = await plan(['--base=--output=/tmp/x'], join(dir, 'app'));
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('does not start with "-"');
  });

  it('prefers a file of that name over a revision', async () => {
    await write('app/main', withReader('api'));
    const result = await plan(['--base', 'main', '--format', 'json'], join(dir, 'app'));
    expect(JSON.parse(result.stdout).base.source).toBe('main');
    expect(result.code).toBe(3);
  });
});

describe('locksmith plan: outputs', () => {
  beforeEach(async () => {
    const head = withReader('api');
    head.services.api!.owner = 'team <b>web</b> | `x`';
    head.secrets['signing-key']!.provider = 'aws';
    await write('base.json', smallCatalog());
    await write('secrets.catalog.yaml', head);
  });

  it('JSON is the documented, versioned shape (plan.schema.json)', async () => {
    const result = await plan(['--base', 'base.json', '--json']);
    const schema = JSON.parse(await readFile(new URL('../../plan.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema);
    const json = JSON.parse(result.stdout);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json).toMatchObject({ format: 'locksmith-plan', version: 1, accessChanged: true });
    expect(validate({ ...json, surprise: 1 })).toBe(false);
  });

  it('Markdown starts with the comment marker, collapses each environment, and escapes catalog text', async () => {
    const { stdout } = await plan(['--base', 'base.json', '--format', 'markdown']);
    expect(stdout.split('\n')[0]).toBe('<!-- locksmith-plan -->');
    expect(stdout).toContain('<details open>\n<summary><b>prod</b> (production)');
    expect(stdout).not.toContain('<b>web</b>');
    // The shared Markdown escaper (escape/markdown.ts, as SECRETS.md uses) escapes every ASCII punctuation mark.
    expect(stdout).toContain('team \\<b\\>web\\<\\/b\\> \\| \\`x\\`');
    // Every table row has exactly its columns: no catalog text opened another cell.
    for (const row of stdout.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      expect([4, 5], row).toContain(cells);
    }
  });

  it('the same change renders the same output whatever the order of the catalog', async () => {
    const first = await plan(['--base', 'base.json', '--format', 'markdown']);
    const shuffled = JSON.parse(await readFile(join(dir, 'secrets.catalog.yaml'), 'utf8')) as CatalogDoc;
    shuffled.secrets = Object.fromEntries(Object.entries(shuffled.secrets).reverse());
    shuffled.services = Object.fromEntries(Object.entries(shuffled.services).reverse());
    await write('secrets.catalog.yaml', shuffled);
    const second = await plan(['--base', 'base.json', '--format', 'markdown']);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('locksmith plan prints no value', () => {
  it('never shows generate rules, defaults, examples, descriptions or tags of the catalog', async () => {
    const canaries = [
      'CANARY-GEN-9d1f',
      'CANARY-DEFAULT-51aa',
      'CANARY-EXAMPLE-0c3e',
      'CANARY-DESC-7b7b',
      'CANARY-TAG-2e2e',
    ];
    const doc = smallCatalog();
    doc.secrets.database = {
      ...doc.secrets.database!,
      description: canaries[3],
      tags: { note: canaries[4]! },
      schema: {
        type: 'object',
        required: ['url'],
        properties: {
          url: { type: 'string', generate: { kind: 'template', template: canaries[0] } },
          mode: { type: 'string', default: canaries[1], examples: [canaries[2]] },
        },
      },
    };
    const head = structuredClone(doc);
    head.secrets.database!.readers.push('api');
    head.secrets.database!.provider = 'vault';
    await write('base.json', doc);
    await write('secrets.catalog.yaml', head);
    for (const format of ['text', 'markdown', 'json']) {
      const result = await plan(['--base', 'base.json', '--format', format]);
      expect(result.code).toBe(3);
      for (const canary of canaries)
        expect(result.stdout + result.stderr, `${format}: ${canary}`).not.toContain(canary);
    }
  });
});
