import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '@locksmith/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type OpsWorld, runOps, startOpsWorld, valueStrings } from './helpers/ops.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/ops/${name}`, import.meta.url));

// Values a team's .env holds: none of them may reach the catalog or the output.
const DOTENV = [
  '# keys the shop catalog knows',
  'DATABASE_URL=postgres://CANARY-extend-user:CANARY-extend-pass@db:5432/shop',
  'REDIS_URL=redis://CANARY-extend-redis:6379/0',
  '# keys it does not',
  'ANALYTICS_TOKEN=CANARY-extend-analytics-token',
  'PORT=8080',
  'WEBHOOK_URL=https://CANARY-extend-hook.example/in',
  '',
].join('\n');

let world: OpsWorld;
/** Values seeded in the fake stores, less the few templates the catalog itself spells out. */
let storeValues: string[];
beforeEach(async () => {
  world = await startOpsWorld();
  const catalog = await readFile(world.catalogFile, 'utf8');
  storeValues = valueStrings(world.values).filter((v) => !catalog.includes(v));
  await mkdir(join(world.dir, 'web'));
  await writeFile(join(world.dir, 'web/.env'), DOTENV);
});
afterEach(() => world.close());

const catalogText = () => readFile(world.catalogFile, 'utf8');

async function extend(...args: string[]) {
  const result = await runOps(world, ['import', '--into', 'secrets.catalog.yaml', ...args]);
  const text = await catalogText();
  for (const canary of ['CANARY', '8080', ...storeValues])
    expect(result.stdout + result.stderr + text).not.toContain(canary);
  return { ...result, text };
}

/** Every line of `before` is in `after`, in the same order, and only whole lines were added. */
function expectKeptInOrder(before: string, after: string): string[] {
  const lines = after.split('\n');
  const added: string[] = [];
  let at = 0;
  for (const line of before.split('\n')) {
    const found = lines.indexOf(line, at);
    expect(found, `original line ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(at);
    added.push(...lines.slice(at, found));
    at = found + 1;
  }
  return [...added, ...lines.slice(at)].filter((l) => l !== '');
}

/** The lines of the entry `name:` at two spaces, up to the next entry. */
function entry(text: string, name: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  expect(start, name).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > start && /^ {0,2}[^ #\n]/.test(l));
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('locksmith import --into', () => {
  it('adds the .env keys the catalog lacks, keeps every byte it had, and is a no-op the second time', async () => {
    const before = await catalogText();
    const result = await extend('--from', 'dotenv', 'web/.env');
    expect(result.stdout).toContain('added 3 secrets (analytics-token, port, webhook-url), 1 services (web)');
    expect(result.stdout).toContain('2 found secret(s) already catalogued');
    const added = expectKeptInOrder(before, result.text);
    expect(added.length).toBeGreaterThan(0);
    expect(result.text).toContain('    source: env # local development reads .env; no cloud account needed');
    expect(result.text.startsWith(before.slice(0, before.indexOf('services:')))).toBe(true);
    expect(entry(result.text, 'port')).toEqual([
      '  port:',
      '    # guessed: provider aws; schema type integer from the .env entry PORT',
      '    provider: aws',
      '    environments: ["dev"]',
      '    schema:',
      '      type: string',
      '      env: "PORT"',
      '      pattern: "^-?[0-9]+$"',
      '    readers: ["web"]',
      '',
    ]);
    expect(entry(result.text, 'web')).toEqual([
      '  web:',
      '    serviceAccount: "web" # guessed: named after the directory of .env',
      '',
    ]);
    const doc = parse(result.text) as { secrets: Record<string, unknown> };
    expect(Object.keys(doc.secrets)).not.toContain('database-url');
    expect(Object.keys(doc.secrets)).not.toContain('redis-url');
    expect(result.code).toBe(0);
    const catalog = await loadCatalog(world.catalogFile);
    expect(catalog.secrets.find((s) => s.name === 'webhook-url')?.schema).toMatchObject({ format: 'uri' });

    const { mtimeMs } = await stat(world.catalogFile);
    const again = await extend('--from', 'dotenv', 'web/.env');
    expect(again.stdout).toContain('nothing new');
    expect(again.stdout).toContain('5 found secret(s) already catalogued');
    expect(again.text).toBe(result.text);
    expect((await stat(world.catalogFile)).mtimeMs).toBe(mtimeMs);
    expect((await readdir(world.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('adds ExternalSecrets keys with their new environment, service and provider guesses', async () => {
    const before = await catalogText();
    const result = await extend('--from', 'external-secrets', fixture('extend/external-secrets.yaml'));
    expect(result.code).toBe(0);
    const added = expectKeptInOrder(before, result.text);
    expect(added).toContain(
      '  - "qa" # guessed: external-secrets found it; every secret without an environments list now applies to it',
    );
    expect(entry(result.text, 'indexer')[1]).toBe(
      '    serviceAccount: "indexer" # guessed: from ExternalSecret indexer',
    );
    expect(entry(result.text, 'search-api-key')[1]).toBe(
      '    # guessed: provider aws: the ClusterSecretStore "aws-secrets-manager" is not in the given files and its name does not say vault',
    );
    const catalog = await loadCatalog(world.catalogFile);
    expect(catalog.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod', 'qa']);
    expect(catalog.secrets.find((s) => s.name === 'indexer-token')).toMatchObject({
      provider: 'vault',
      readers: ['indexer'],
    });
    // The catalog's database secret already declares DATABASE_URL: nothing about it changes.
    expect(added.join('\n')).not.toContain('DATABASE_URL');
    const again = await extend('--from', 'external-secrets', fixture('extend/external-secrets.yaml'));
    expect(again.text).toBe(result.text);
  });

  it('adds store names the catalog lacks without reading a value, and a provider it had none of', async () => {
    world.aws.store.create('shop/staging/search-api-key', 'CANARY-aws-extend-value');
    world.vault.kv.put('shop/prod/indexer-token', { value: 'CANARY-vault-extend-value' });
    world.aws.requests.clear();
    world.vault.requests.clear();
    const before = await catalogText();
    const aws = await extend('--from', 'aws', '--aws-endpoint', world.aws.endpoint);
    expect(world.aws.requests.count('GetSecretValue') + world.aws.requests.count('BatchGetSecretValue')).toBe(
      0,
    );
    expect(aws.stdout).toContain('added 1 secrets (search-api-key), 0 services, 0 environments');
    // The name fits the catalog's own template, so no override; readers cannot be known from names.
    expect(entry(aws.text, 'search-api-key')).not.toContainEqual(expect.stringContaining('overrides'));
    expect(aws.text).toContain('    readers: [] # fill in: services that read it');
    expect(aws.code).toBe(0);
    const vault = await extend('--from', 'vault', 'shop', '--vault-addr', world.vault.endpoint);
    expect(world.vault.requests.count(/kv\.read/)).toBe(0);
    expect(vault.stdout).toContain('added 1 secrets (indexer-token)');
    expectKeptInOrder(before, vault.text);

    const small = join(world.dir, 'small.yaml');
    const smallText = (await readFile(fixture('small.catalog.yaml'), 'utf8')).replace(
      / {2}vault:\n {4}mount: kv\n/,
      '',
    );
    await writeFile(small, smallText);
    const withVault = await runOps(world, [
      'import',
      ...['--from', 'external-secrets', '--into', 'small.yaml', '--project', 'demo'],
      fixture('extend/external-secrets.yaml'),
    ]);
    const after = await readFile(small, 'utf8');
    expectKeptInOrder(smallText, after);
    expect(after).toContain(
      '  vault: # guessed: added secrets external-secrets found are stored here\n    mount: "secret"\n',
    );
    expect(withVault.stdout).toContain('providers vault');
  });

  it('extends a catalog that import wrote, replacing its empty services placeholder', async () => {
    world.aws.store.create('web/dev/legacy-token', 'CANARY-aws-extend-value');
    const out = await runOps(world, [
      'import',
      ...['--from', 'aws', '--out', 'boot.yaml', '--aws-endpoint', world.aws.endpoint],
    ]);
    expect(out.code).toBe(1);
    const file = join(world.dir, 'boot.yaml');
    const before = await readFile(file, 'utf8');
    expect(before).toContain('  {} # fill in: the services that read these secrets');
    world.aws.requests.clear();
    const result = await runOps(world, ['import', '--from', 'dotenv', '--into', 'boot.yaml', 'web/.env']);
    const after = await readFile(file, 'utf8');
    expect(result.stdout + after).not.toContain('CANARY');
    expect(after).toContain('services:\n  # fill in: the services that read these secrets\n  web:\n');
    const doc = parse(after) as { services: Record<string, unknown>; secrets: Record<string, unknown> };
    expect(Object.keys(doc.services)).toEqual(['web']);
    expect(doc.secrets).toHaveProperty('analytics-token');
    // Everything but the `{}` token is still there, in order.
    expectKeptInOrder(before.replace('  {} # fill in', '  # fill in'), after);
  });

  it('refuses what it cannot extend safely and leaves the file alone', async () => {
    const before = await catalogText();
    const both = await runOps(world, [
      'import',
      ...['--from', 'dotenv', '--into', 'secrets.catalog.yaml', '--out', 'x.yaml', 'web/.env'],
    ]);
    expect(both.code).toBe(2);
    const project = await runOps(world, [
      'import',
      ...['--from', 'dotenv', '--into', 'secrets.catalog.yaml', '--project', 'web', 'web/.env'],
    ]);
    expect(project.code).toBe(2);
    expect(project.stderr).toContain("contradicts the catalog's project shop");
    const missing = await runOps(world, ['import', '--from', 'dotenv', '--into', 'nope.yaml', 'web/.env']);
    expect(missing.code).toBe(2);
    expect(await catalogText()).toBe(before);

    const flow = join(world.dir, 'flow.yaml');
    const flowText = before.replace(
      /environments:\n(?: {2}- .*\n| {4}.*\n)+/,
      'environments: [dev, staging]\n',
    );
    await writeFile(flow, flowText);
    const refused = await runOps(world, [
      'import',
      '--from',
      'dotenv',
      '--env',
      'qa',
      '--into',
      'flow.yaml',
      'web/.env',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"environments" is written in flow style');
    expect(await readFile(flow, 'utf8')).toBe(flowText);
  });
});
