import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Catalog, loadCatalog } from '@locksmith/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dotenvViolations,
  iamViolations,
  terraformPolicies,
  terraformViolations,
  vaultViolations,
} from './support/artifact-checks.js';
import { EXAMPLE_CATALOG, EXAMPLE_GENERATED, LEDGER_CATALOG, runCli } from './support/paths.js';

/**
 * Generated-artifact security over two trees: the example service's committed `generated/` and a
 * tree generated here from a second catalog (other environments, name template, AppRole, prefix
 * neighbours). Each check returns violations; the positive controls prove each one can fire.
 */
const ledgerOut = mkdtempSync(join(tmpdir(), 'locksmith-ledger-'));
const trees: { name: string; catalogFile: string; dir: string; catalog?: Catalog }[] = [
  { name: 'example-service', catalogFile: EXAMPLE_CATALOG, dir: EXAMPLE_GENERATED },
  { name: 'ledger fixture', catalogFile: LEDGER_CATALOG, dir: ledgerOut },
];

beforeAll(async () => {
  const gen = runCli(['gen', '--catalog', LEDGER_CATALOG, '--out', ledgerOut]);
  expect(gen.status, gen.stderr).toBe(0);
  for (const tree of trees) tree.catalog = await loadCatalog(tree.catalogFile);
});
afterAll(() => rmSync(ledgerOut, { recursive: true, force: true }));

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

  it('.env.example and Terraform', () => {
    expect(dotenvViolations('# c\nA=<uri>\nB=\nC=hunter2-real-value\n')).toEqual(['line 4: C has a value']);
    expect(
      terraformViolations({ resource: { aws_secretsmanager_secret_version: { x: { secret_string: 'v' } } } }),
    ).toHaveLength(2);
  });
});
