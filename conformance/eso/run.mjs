#!/usr/bin/env node
// ESO in the loop: starts the testkit's fake AWS Secrets Manager (with STS for IRSA and the IAM
// policies codegen generated) and fake Vault (with the generated policies and Kubernetes roles),
// seeds every environment's secrets with createTestSecrets values, derives from the catalog who may
// read what, and runs `go test` in this folder, where External Secrets Operator v0.16.2's own AWS and
// Vault providers fetch every generated ExternalSecret: once with the example's namespaced
// SecretStores, once with the same catalog generated with ClusterSecretStores. See docs/testkit.md.
//
// Usage: node conformance/eso/run.mjs   (pnpm test:eso builds the packages first)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const app = join(root, 'apps/example-service');
const generated = join(app, 'generated');
const { loadCatalog, namespaceFor, servicesIn } = await import(join(root, 'packages/schema/dist/index.js'));
const { createTestSecrets, seedFakes, startFakeSecretsManager, startFakeVault } = await import(
  join(root, 'packages/testkit/dist/index.js')
);

const catalog = await loadCatalog(join(app, 'secrets.catalog.yaml'));
const environments = readdirSync(join(generated, 'kubernetes'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * IAM roles from generated/iam/<env>/*.json (each role's policy) and generated/terraform/<env>.tf.json
 * (each role's IRSA trust policy): the fake STS lets only the ServiceAccount and audience the trust
 * policy names assume a role, as AWS would.
 */
function iamRoles() {
  const aws = catalog.providers.aws;
  const trust = {};
  for (const env of environments) {
    const tf = JSON.parse(readFileSync(join(generated, 'terraform', `${env}.tf.json`), 'utf8'));
    for (const role of Object.values(tf.resource?.aws_iam_role ?? {})) {
      const arn = `arn:${aws.partition}:iam::${aws.accountId}:role${role.path ?? '/'}${role.name}`;
      const statements = JSON.parse(role.assume_role_policy).Statement;
      const conditions = statements.map((s) => Object.entries(s.Condition?.StringEquals ?? {}));
      const values = (suffix) =>
        conditions.flatMap((c) => c.filter(([key]) => key.endsWith(suffix)).flatMap(([, v]) => v));
      trust[arn] = { trustedSubjects: values(':sub'), trustedAudiences: values(':aud') };
    }
  }
  const roles = {};
  for (const env of environments) {
    for (const file of readdirSync(join(generated, 'iam', env)).filter((f) => f.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(join(generated, 'iam', env, file), 'utf8'));
      const trusted = trust[doc.RoleArn];
      if (!trusted?.trustedSubjects.length || !trusted.trustedAudiences.length) {
        throw new Error(`${env}/${file}: no Terraform role with an IRSA trust policy for ${doc.RoleArn}`);
      }
      roles[doc.RoleArn] = {
        ...trusted,
        policies: [...(roles[doc.RoleArn]?.policies ?? []), doc.PolicyDocument],
      };
    }
  }
  return roles;
}

/** Vault policies (`# Vault policy "<name>"` heads each .hcl) and Kubernetes roles codegen wrote. */
function seedVaultFromGenerated(vault) {
  for (const env of environments) {
    const dir = join(generated, 'vault', env);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.hcl'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const name = /^# Vault policy "([^"]+)"/m.exec(text)?.[1];
      if (!name) throw new Error(`${join(dir, file)}: no '# Vault policy "<name>"' line`);
      vault.setPolicy(name, text);
    }
    const roles = JSON.parse(readFileSync(join(dir, 'kubernetes-roles.json'), 'utf8'));
    for (const [name, role] of Object.entries(roles.roles)) {
      vault.addKubernetesRole(name, {
        mount: roles.authMount,
        boundServiceAccountNames: role.bound_service_account_names,
        boundServiceAccountNamespaces: role.bound_service_account_namespaces,
        policies: role.token_policies,
        audience: role.audience,
        tokenTtlMs: role.token_ttl * 1000,
      });
    }
  }
}

/** Who each service is in each environment: the ServiceAccount its store must authenticate as. */
function identities() {
  const out = {};
  for (const env of environments) {
    out[env] = {};
    for (const service of servicesIn(catalog, env)) {
      out[env][service.name] = {
        namespace: namespaceFor(catalog, env, service.name),
        serviceAccount: service.serviceAccount,
      };
    }
  }
  return out;
}

/** What the catalog lets each service read, per environment and provider (keys as ESO names them). */
function catalogReads() {
  const reads = {};
  for (const secret of catalog.secrets) {
    for (const p of secret.placements) {
      reads[p.environment] ??= {};
      for (const service of p.readers) {
        reads[p.environment][service] ??= { aws: [], vault: [] };
        reads[p.environment][service][p.provider].push(p.path);
      }
    }
  }
  return reads;
}

/**
 * The example catalog with `kubernetes.stores.*.kind: ClusterSecretStore`, generated into `work`:
 * the manifests of the cluster-scoped layout (the IAM, Vault and Terraform output is the same).
 */
function clusterStoreManifests(work) {
  const text = readFileSync(join(app, 'secrets.catalog.yaml'), 'utf8');
  const variant = text.replace(
    /^kubernetes:\n/m,
    'kubernetes:\n  stores: { aws: { kind: ClusterSecretStore }, vault: { kind: ClusterSecretStore } }\n',
  );
  if (variant === text) throw new Error('the example catalog has no top-level kubernetes: block');
  const dir = join(work, 'cluster-stores');
  mkdirSync(dir);
  writeFileSync(join(dir, 'secrets.catalog.yaml'), variant);
  const cli = join(root, 'packages/codegen/dist/cli/bin.js');
  const args = [cli, 'gen', '--catalog', join(dir, 'secrets.catalog.yaml'), '--out', join(dir, 'generated')];
  execFileSync(process.execPath, [...args, '--only', 'kubernetes'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return join(dir, 'generated', 'kubernetes');
}

/** `go test` in this folder against one tree of manifests; resolves to its exit code. */
function goTest(expectationsFile, manifests) {
  return new Promise((resolve) => {
    const child = spawn('go', ['test', '-count=1', '-v', './...'], {
      cwd: here,
      stdio: 'inherit',
      env: {
        ...process.env,
        // go.sum pins every module; downloads come from the Go module proxy into GOMODCACHE, and
        // compiled packages stay in GOCACHE, so a second run compiles almost nothing.
        GOFLAGS: process.env.GOFLAGS ?? '-mod=readonly',
        GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'local',
        LOCKSMITH_ESO_EXPECTATIONS: expectationsFile,
        LOCKSMITH_ESO_MANIFESTS: manifests,
        AWS_SECRETSMANAGER_ENDPOINT: aws.endpoint,
        AWS_STS_ENDPOINT: aws.endpoint,
        // Nothing but the service-account token may give ESO credentials.
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        VAULT_TOKEN: '',
      },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const aws = await startFakeSecretsManager({
  region: catalog.providers.aws?.region ?? 'us-east-1',
  accountId: catalog.providers.aws?.accountId ?? '123456789012',
  iam: { principals: {}, roles: iamRoles() },
});
const vault = await startFakeVault({ mounts: [catalog.providers.vault?.mount ?? 'secret'] });
const work = mkdtempSync(join(tmpdir(), 'locksmith-eso-'));
let exitCode = 1;
try {
  const values = { aws: {}, vault: {} };
  for (const env of environments) {
    const generatedValues = createTestSecrets(catalog, {}, { environment: env });
    seedFakes({ aws, vault }, catalog, env, generatedValues);
    for (const secret of catalog.secrets) {
      const p = secret.placements.find((x) => x.environment === env);
      const value = generatedValues[secret.name];
      if (!p || value === undefined) continue;
      values[p.provider][p.path] = p.provider === 'vault' && typeof value !== 'object' ? { value } : value;
    }
  }
  seedVaultFromGenerated(vault);
  const expectationsFile = join(work, 'expectations.json');
  writeFileSync(
    expectationsFile,
    JSON.stringify({ values, reads: catalogReads(), identities: identities(), vaultAddr: vault.endpoint }),
    {
      mode: 0o600,
    },
  );
  // The example's manifests (namespaced SecretStores), then the same catalog with cluster-scoped
  // stores, which codegen restricts with spec.conditions: both layouts go through ESO.
  const layouts = [
    ['SecretStore', join(generated, 'kubernetes')],
    ['ClusterSecretStore', clusterStoreManifests(work)],
  ];
  exitCode = 0;
  for (const [layout, manifests] of layouts) {
    console.log(`eso: ${layout} layout (${manifests})`);
    const code = await goTest(expectationsFile, manifests);
    if (code !== 0) exitCode = code;
  }
  const stsCalls = aws.requests.byOp('sts.AssumeRoleWithWebIdentity').length;
  const logins = vault.requests.byOp(/^auth\..*\.login$/).length;
  console.log(
    `eso: ${stsCalls} AssumeRoleWithWebIdentity calls, ${logins} Vault Kubernetes logins through ESO`,
  );
  if (exitCode === 0 && (stsCalls === 0 || logins === 0)) {
    console.log('eso: FAIL — ESO never authenticated against one of the fakes');
    exitCode = 1;
  }
} finally {
  await Promise.all([aws.close(), vault.close()]);
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = exitCode;
