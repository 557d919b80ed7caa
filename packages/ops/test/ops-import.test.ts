import { readdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '@locksmith/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CODEGEN_GOLDEN } from './helpers/cli.js';
import { type OpsWorld, runOps, startOpsWorld } from './helpers/ops.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/ops/${name}`, import.meta.url));
const golden = (path: string) => join(CODEGEN_GOLDEN, path);

let world: OpsWorld;
beforeEach(async () => {
  world = await startOpsWorld();
});
afterEach(() => world.close());

async function imported(...args: string[]) {
  const result = await runOps(world, ['import', '--out', 'imported.yaml', ...args]);
  const text = await readFile(join(world.dir, 'imported.yaml'), 'utf8');
  for (const canary of ['CANARY', ...valueParts()])
    expect(result.stdout + result.stderr + text).not.toContain(canary);
  return { ...result, text };
}

function valueParts(): string[] {
  return Object.values(world.values)
    .flatMap((v) => (typeof v === 'object' ? Object.values(v).map(String) : [String(v)]))
    .filter((s) => s.length >= 12);
}

describe('locksmith import', () => {
  it('rebuilds a loadable catalog from the ExternalSecrets codegen wrote for the example', async () => {
    // Every manifest of both environments, stores included: the provider is read, not guessed.
    const files = ['staging', 'prod'].flatMap((env) =>
      readdirSync(golden(`kubernetes/${env}`)).map((file) => golden(`kubernetes/${env}/${file}`)),
    );
    const result = await imported('--from', 'external-secrets', ...files);
    expect(result.stdout).toContain('the catalog loads');
    expect(result.code).toBe(0);
    const catalog = await loadCatalog(join(world.dir, 'imported.yaml'));
    expect(catalog.project).toBe('shop');
    expect(catalog.environments.map((e) => e.name)).toEqual(['staging', 'prod']);
    const db = catalog.secrets.find((s) => s.name === 'database')!;
    expect(db.readers).toEqual(expect.arrayContaining(['api', 'worker', 'billing-go']));
    expect(db.fields.map((f) => f.env).sort()).toEqual([
      'DATABASE_PASSWORD',
      'DATABASE_URL',
      'DATABASE_USER',
    ]);
    const jwt = catalog.secrets.find((s) => s.name === 'jwt-signing-key')!;
    expect(jwt).toMatchObject({ provider: 'vault', kind: 'string' });
    expect(jwt.placements.map((p) => p.path)).toEqual([
      'shop/staging/jwt-signing-key',
      'shop/prod/jwt-signing-key',
    ]);
    // Provider from the stores, environment from the store paths: nothing about either is a guess.
    expect(result.text).not.toMatch(/guessed: (provider|environment)/);
  });

  it('reads the provider from the store manifest and the environment from the store path', async () => {
    const manifests = [
      // Two stores whose names say nothing, and a ConfigMap that mentions vault (the old
      // line-based detection took any "name: …vault" after a secretStoreRef for Vault).
      'apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: { name: backend }\nspec: { provider: { vault: { server: "https://v", path: kv, version: v2 } } }',
      'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: { name: primary, namespace: billing }\nspec: { provider: { aws: { service: SecretsManager, region: eu-west-1 } } }',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: vault-settings, namespace: billing }\ndata: { VAULT: "secretStoreRef: name: vault" }',
      // In a namespace that names no environment, keys that do.
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: { name: invoices, namespace: billing }\nspec:\n  secretStoreRef: { name: backend, kind: ClusterSecretStore }\n  data: [{ secretKey: SIGNING_KEY, remoteRef: { key: billing/staging/signing-key, property: value } }]',
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: { name: payouts, namespace: billing }\nspec:\n  secretStoreRef: { name: primary }\n  data: [{ secretKey: BANK_TOKEN, remoteRef: { key: billing/prod/bank-token } }]',
    ];
    await writeFile(join(world.dir, 'manifests.yaml'), manifests.join('\n---\n'));
    const result = await imported('--from', 'external-secrets', 'manifests.yaml');
    expect(result.code).toBe(0);
    const doc = parse(result.text) as { secrets: Record<string, Record<string, unknown>> };
    expect(doc.secrets['signing-key']).toMatchObject({ provider: 'vault', environments: ['staging'] });
    expect(doc.secrets['bank-token']).toMatchObject({ provider: 'aws', environments: ['prod'] });
    expect(result.text).not.toMatch(/guessed: (provider|environment)/);
  });

  it('says how it chose what it guessed: an unknown store by its name, an unnamed environment by the default dev', async () => {
    await writeFile(
      join(world.dir, 'es.yaml'),
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: { name: web, namespace: web }\nspec:\n  secretStoreRef: { name: team-vault }\n  data: [{ secretKey: TOKEN, remoteRef: { key: web-token, property: value } }]\n',
    );
    const guessedDefault = await imported('--from', 'external-secrets', 'es.yaml');
    expect(guessedDefault.text).toContain(
      '# guessed: provider vault: the SecretStore "team-vault" is not in the given files and its name says vault',
    );
    expect(guessedDefault.text).toContain(
      '# guessed: environment dev: neither "web-token" nor namespace web names one (the default; pass --env to choose)',
    );
    expect(parse(guessedDefault.text).secrets['web-token']).toMatchObject({
      overrides: { dev: { path: 'web-token' } },
    });
    // With --env the environment is the user's word, not a guess.
    await rm(join(world.dir, 'imported.yaml'));
    const given = await imported('--from', 'external-secrets', 'es.yaml', '--env', 'qa');
    expect(parse(given.text).secrets['web-token']).toMatchObject({
      overrides: { qa: { path: 'web-token' } },
    });
    expect(given.text).not.toContain('guessed: environment');
  });

  it('rejects a manifest that is not YAML, naming the file and line', async () => {
    await writeFile(join(world.dir, 'broken.yaml'), 'kind: ExternalSecret\nspec: [unclosed\n');
    const result = await runOps(world, [
      'import',
      '--from',
      'external-secrets',
      '--out',
      'x.yaml',
      'broken.yaml',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^import: \S+broken\.yaml:\d+:\d+: not YAML \(\w+\)\.\n$/);
  });

  it('marks guesses in hand-written ExternalSecrets and keeps exact paths as overrides', async () => {
    const result = await imported(
      '--from',
      'external-secrets',
      fixture('external-secrets.yaml'),
      '--project',
      'payments',
    );
    const doc = parse(result.text) as {
      secrets: Record<string, Record<string, unknown>>;
      services: Record<string, unknown>;
    };
    expect(Object.keys(doc.services).sort()).toEqual(['checkout', 'ledger']);
    expect(doc.secrets['stripe']).toMatchObject({
      provider: 'vault',
      readers: ['checkout'],
      environments: ['prod'],
      schema: {
        type: 'object',
        properties: { api_key: { env: 'STRIPE_API_KEY' }, webhook_secret: { env: 'STRIPE_WEBHOOK_SECRET' } },
      },
    });
    expect(doc.secrets['legacy-ledger-database-url']).toMatchObject({
      provider: 'aws',
      environments: ['staging'],
      overrides: { staging: { path: 'legacy-ledger-database-url' } },
    });
    expect(result.text).toContain('# guessed: dataFrom.extract copies every property');
    expect(result.code).toBe(0);
  });

  it('reads only the keys of a .env file and guesses types', async () => {
    const result = await imported('--from', 'dotenv', fixture('web/.env.example'), '--project', 'web');
    expect(result.code).toBe(0);
    const catalog = await loadCatalog(join(world.dir, 'imported.yaml'));
    expect(catalog.secrets.map((s) => s.name)).toEqual([
      'api-token',
      'database-url',
      'feature-x',
      'port',
      'session-key',
    ]);
    const schema = (name: string) => catalog.secrets.find((s) => s.name === name)!.schema;
    expect(schema('port')).toMatchObject({ type: 'string', pattern: '^-?[0-9]+$' });
    expect(schema('feature-x')).toMatchObject({ type: 'string', enum: ['true', 'false'] });
    expect(schema('database-url')).toMatchObject({ type: 'string', format: 'uri' });
    expect(catalog.secrets.every((s) => s.readers.join() === 'web')).toBe(true);
  });

  it('lists AWS secret names and descriptions without reading any value', async () => {
    world.aws.store.create('billing/prod/stripe-key', 'CANARY-aws-value-1', {
      description: 'Stripe live key',
    });
    world.aws.store.create('odd_name_without_env', 'CANARY-aws-value-2');
    world.aws.requests.clear();
    const result = await imported('--from', 'aws', ...['--aws-endpoint', world.aws.endpoint]);
    expect(world.aws.requests.count('GetSecretValue') + world.aws.requests.count('BatchGetSecretValue')).toBe(
      0,
    );
    expect(world.aws.requests.count('ListSecrets')).toBeGreaterThan(0);
    const doc = parse(result.text) as { secrets: Record<string, Record<string, unknown>> };
    expect(doc.secrets['stripe-key']).toMatchObject({ description: 'Stripe live key', provider: 'aws' });
    // A name without an environment lands in dev, as --help says, and the comment says why.
    expect(doc.secrets['odd-name-without-env']).toMatchObject({
      overrides: { dev: { path: 'odd_name_without_env' } },
    });
    expect(result.text).toContain(
      '# guessed: environment dev: the path names none (the default; pass --env to choose)',
    );
    expect(doc.secrets['database']).toBeDefined();
    // Readers cannot be known from names: the file says what to fill in.
    expect(result.text).toContain('# fill in: services that read it');
  });

  it('lists a Vault KV tree by path only, and never overwrites a file', async () => {
    world.vault.kv.put('shop/staging/nested/deep-key', { value: 'CANARY-vault-value' });
    world.vault.requests.clear();
    const result = await imported('--from', 'vault', 'shop', '--vault-addr', world.vault.endpoint);
    expect(world.vault.requests.count(/kv\.read/)).toBe(0);
    const doc = parse(result.text) as { secrets: Record<string, unknown> };
    expect(Object.keys(doc.secrets)).toEqual(expect.arrayContaining(['jwt-signing-key', 'nested-deep-key']));
    await writeFile(join(world.dir, 'exists.yaml'), 'x');
    const again = await runOps(world, ['import', '--from', 'aws', '--out', 'exists.yaml']);
    expect(again.code).toBe(2);
  });
});
