import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Catalog, loadCatalog } from '@locksmith/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dotenvViolations,
  iamViolations,
  kmsCoverageViolations,
  terraformPolicies,
  terraformViolations,
  vaultViolations,
} from './support/artifact-checks.js';
import { EXAMPLE_CATALOG, LEDGER_CATALOG, runCli } from './support/paths.js';

/**
 * Generated-artifact security over two trees generated here, by the CLI as built: the example
 * service's catalog (an ARN-named KMS key) and a second catalog (other environments, name template,
 * AppRole, prefix neighbours, a KMS key named by alias). Generated afresh rather than read from the
 * committed tree, so a change to an emitter is judged by what it writes now. Each check returns
 * violations; the positive controls prove each one can fire.
 */
const exampleOut = mkdtempSync(join(tmpdir(), 'locksmith-example-'));
const ledgerOut = mkdtempSync(join(tmpdir(), 'locksmith-ledger-'));
const trees: { name: string; catalogFile: string; dir: string; catalog?: Catalog }[] = [
  { name: 'example-service', catalogFile: EXAMPLE_CATALOG, dir: exampleOut },
  { name: 'ledger fixture', catalogFile: LEDGER_CATALOG, dir: ledgerOut },
];

beforeAll(async () => {
  for (const tree of trees) {
    const gen = runCli(['gen', '--catalog', tree.catalogFile, '--out', tree.dir]);
    expect(gen.status, gen.stderr).toBe(0);
    tree.catalog = await loadCatalog(tree.catalogFile);
  }
}, 120_000);
afterAll(() => {
  for (const tree of trees) rmSync(tree.dir, { recursive: true, force: true });
});

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f))
    .sort();
}
/** `iam/<env>/x.json` → `<env>`. */
const envOf = (dir: string, file: string): string => relative(dir, file).split('/')[1] ?? '';
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe.each(trees)('generated artifacts of $name', (tree) => {
  const catalog = (): Catalog => {
    if (!tree.catalog) throw new Error('catalog not loaded');
    return tree.catalog;
  };

  it('IAM: no wildcard action, only BatchGetSecretValue on "*", no cross-environment ARN', () => {
    const policies = files(join(tree.dir, 'iam'), '.json');
    expect(policies.length).toBeGreaterThan(0);
    const violations = policies.flatMap((f) =>
      iamViolations(
        catalog(),
        envOf(tree.dir, f),
        (json(f) as { PolicyDocument: object }).PolicyDocument,
      ).map((v) => `${relative(tree.dir, f)}: ${v}`),
    );
    expect(violations).toEqual([]);
  });

  it('IAM: a role that reads a secret under a customer KMS key may decrypt it, via Secrets Manager only', () => {
    const policies = files(join(tree.dir, 'iam'), '.json');
    let decrypting = 0;
    const violations = policies.flatMap((f) => {
      const doc = (json(f) as { PolicyDocument: Parameters<typeof kmsCoverageViolations>[2] }).PolicyDocument;
      if (JSON.stringify(doc).includes('kms:Decrypt')) decrypting++;
      return kmsCoverageViolations(catalog(), envOf(tree.dir, f), doc).map(
        (v) => `${relative(tree.dir, f)}: ${v}`,
      );
    });
    expect(violations).toEqual([]);
    // Both catalogs encrypt secrets with their own key: the check had something to check.
    expect(decrypting).toBeGreaterThan(0);
  });

  it('Vault: read only, on data/ and metadata/ of the same environment', () => {
    const policies = files(join(tree.dir, 'vault'), '.hcl');
    expect(policies.length).toBeGreaterThan(0);
    const violations = policies.flatMap((f) =>
      vaultViolations(catalog(), envOf(tree.dir, f), readFileSync(f, 'utf8')).map(
        (v) => `${relative(tree.dir, f)}: ${v}`,
      ),
    );
    expect(violations).toEqual([]);
  });

  it('.env.example holds placeholders only', () => {
    const examples = files(join(tree.dir, 'env'), '.env.example');
    expect(examples.length).toBeGreaterThan(0);
    const violations = examples.flatMap((f) =>
      dotenvViolations(readFileSync(f, 'utf8')).map((v) => `${f}: ${v}`),
    );
    expect(violations).toEqual([]);
  });

  it('Terraform JSON: no secret versions, no values, and its IAM policies pass the same checks', () => {
    const modules = files(join(tree.dir, 'terraform'), '.tf.json');
    const environments = new Set(catalog().environments.map((e) => e.name));
    // One module per deployed environment, plus modules such as versions.tf.json (the required
    // providers) that hold no policy but must hold no value either.
    const perEnvironment = modules.filter((f) =>
      environments.has(relative(join(tree.dir, 'terraform'), f).replace('.tf.json', '')),
    );
    expect(perEnvironment.length).toBeGreaterThan(0);
    for (const f of modules) expect(terraformViolations(json(f)), f).toEqual([]);
    for (const f of perEnvironment) {
      const doc = json(f);
      const env = relative(join(tree.dir, 'terraform'), f).replace('.tf.json', '');
      const policies = terraformPolicies(doc);
      expect(policies.length).toBeGreaterThan(0);
      for (const { name, policy } of policies)
        expect(iamViolations(catalog(), env, policy), name).toEqual([]);
    }
  });
});

describe('positive controls: each check fires on a planted violation', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalog(LEDGER_CATALOG);
  });
  const qaDb = 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:ledger-db-qa-??????';
  const liveDb = 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:ledger-db-live-??????';

  it('IAM', () => {
    const bad = (statement: object) =>
      iamViolations(catalog, 'qa', { Statement: [{ Effect: 'Allow', ...statement }] });
    expect(bad({ Action: 'secretsmanager:*', Resource: qaDb })).toContainEqual(
      expect.stringMatching(/wildcard action/),
    );
    expect(bad({ Action: '*', Resource: qaDb })).toContainEqual(expect.stringMatching(/wildcard action/));
    expect(bad({ Action: 'secretsmanager:GetSecretValue', Resource: '*' })).toContainEqual(
      expect.stringMatching(/on Resource "\*"/),
    );
    expect(bad({ Action: 'secretsmanager:GetSecretValue', Resource: liveDb })).toContainEqual(
      expect.stringMatching(/cross-environment/),
    );
    expect(bad({ Action: 'secretsmanager:PutSecretValue', Resource: qaDb })).toContainEqual(
      expect.stringMatching(/write or admin/),
    );
    expect(
      bad({ Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:210987654321:key/k' }),
    ).toContainEqual(expect.stringMatching(/ViaService/));
    expect(bad({ Action: 'secretsmanager:GetSecretValue', Resource: qaDb })).toEqual([]);
  });

  it('Vault', () => {
    expect(
      vaultViolations(
        catalog,
        'qa',
        'path "kv/data/teams/ledger/qa/signing-key" { capabilities = ["read", "update"] }',
      ),
    ).toContainEqual(expect.stringMatching(/capabilities/));
    expect(
      vaultViolations(catalog, 'qa', 'path "kv/data/teams/ledger/qa/*" { capabilities = ["read"] }'),
    ).toContainEqual(expect.stringMatching(/glob/));
    expect(
      vaultViolations(
        catalog,
        'qa',
        'path "kv/data/teams/ledger/live/signing-key" { capabilities = ["read"] }',
      ),
    ).toContainEqual(expect.stringMatching(/cross-environment/));
    expect(
      vaultViolations(
        catalog,
        'qa',
        'path "kv/metadata/teams/ledger/qa/signing-key" { capabilities = ["read"] }',
      ),
    ).toEqual([]);
  });

  it('KMS coverage', () => {
    const db = 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:ledger-db-qa-??????';
    const read = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: db };
    expect(kmsCoverageViolations(catalog, 'qa', { Statement: [read] })).toEqual([
      'no kms:Decrypt via Secrets Manager for alias/ledger-secrets',
    ]);
    const decrypt = {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:eu-west-1:210987654321:key/*',
      Condition: {
        StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/ledger-secrets'] },
      },
    };
    expect(kmsCoverageViolations(catalog, 'qa', { Statement: [read, decrypt] })).toEqual([]);
    const { StringEquals: _dropped, ...withoutVia } = decrypt.Condition;
    expect(
      kmsCoverageViolations(catalog, 'qa', { Statement: [read, { ...decrypt, Condition: withoutVia }] }),
    ).toHaveLength(1);
  });

  it('.env.example and Terraform', () => {
    expect(dotenvViolations('# c\nA=<uri>\nB=\nC=hunter2-real-value\n')).toEqual(['line 4: C has a value']);
    expect(
      terraformViolations({ resource: { aws_secretsmanager_secret_version: { x: { secret_string: 'v' } } } }),
    ).toHaveLength(2);
  });
});
