#!/usr/bin/env node
// Cross-client conformance: the same Secrets Manager scenario through three AWS SDKs (JS v3,
// aws-sdk-go-v2, boto3) and the same Vault scenario through three Vault clients (node-vault,
// hashicorp/vault/api, hvac), against locksmith-fake and, for AWS, against moto when MOTO_ENDPOINT
// is set. Expectations are the AWS API reference / Vault API docs (in the scenario files); every
// moto departure must be listed in moto-differences.json, and every listed one must still occur.
//
// Usage: node conformance/clients/run.mjs [--clients js,go,python]
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mismatches } from './match.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const clientsArg = args[args.indexOf('--clients') + 1];
const clients = args.includes('--clients') ? clientsArg.split(',') : ['js', 'go', 'python'];
const work = mkdtempSync(join(tmpdir(), 'locksmith-clients-'));
const scenarios = {
  aws: JSON.parse(readFileSync(join(here, 'aws-scenarios.json'), 'utf8')),
  vault: JSON.parse(readFileSync(join(here, 'vault-scenarios.json'), 'utf8')),
};
const motoDifferences = JSON.parse(readFileSync(join(here, 'moto-differences.json'), 'utf8')).differences;

/** Starts locksmith-fake out of process, as a test runner in any language would. */
async function startFake() {
  const child = spawn(
    process.execPath,
    [
      join(root, 'packages/testkit/bin/locksmith-fake.js'),
      '--aws-port',
      '0',
      '--vault-port',
      '0',
      '--admin-port',
      '0',
      '--json',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`locksmith-fake exited with ${code}`)));
  });
  return { info: JSON.parse(line), stop: () => child.stdin.end() };
}

/** Root-token calls that give the Vault scenario its policy, limited token, AppRole and Kubernetes role. */
async function vaultContext(vault, prefix) {
  const call = async (method, path, body) => {
    const response = await fetch(`${vault.endpoint}/v1/${path}`, {
      method,
      headers: { 'x-vault-token': vault.token, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`vault setup ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  const { makeServiceAccountJwt } = await import(join(root, 'packages/testkit/dist/index.js'));
  const limited = await call('POST', 'auth/token/create', { policies: ['conformance'], ttl: '1h' });
  const roleId = (await call('GET', 'auth/approle/role/conformance/role-id')).data.role_id;
  const secretId = (await call('POST', 'auth/approle/role/conformance/secret-id')).data.secret_id;
  const jwt = makeServiceAccountJwt({ namespace: 'conformance', serviceAccount: 'runner' });
  return {
    prefix,
    endpoint: vault.endpoint,
    mount: 'secret',
    rootToken: vault.token,
    limitedToken: limited.auth.client_token,
    approle: { roleId, secretId },
    kubernetes: { role: 'conformance', jwt },
  };
}

/** One policy for every client's prefix: each runner's paths sit under its own prefix. */
const policyUnion =
  'path "secret/data/+/allowed/*" { capabilities = ["read"] }\npath "secret/metadata/+/allowed/*" { capabilities = ["list"] }';

async function enableVaultAuth(vault) {
  const call = (method, path, body) =>
    fetch(`${vault.endpoint}/v1/${path}`, {
      method,
      headers: { 'x-vault-token': vault.token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`vault setup ${path}: ${r.status} ${await r.text()}`);
    });
  await call('POST', 'sys/auth/approle', { type: 'approle' });
  await call('POST', 'sys/auth/kubernetes', { type: 'kubernetes' });
  await call('POST', 'sys/policies/acl/conformance', { policy: policyUnion });
  await call('POST', 'auth/approle/role/conformance', { token_policies: ['conformance'], token_ttl: '1h' });
  await call('POST', 'auth/kubernetes/role/conformance', {
    bound_service_account_names: ['runner'],
    bound_service_account_namespaces: ['conformance'],
    token_policies: ['conformance'],
  });
}

/** The command that runs one client's runner. Go is built once. */
function runnerCommand(client) {
  if (client === 'js') return [process.execPath, [join(here, 'js/run.mjs')]];
  if (client === 'python') return [process.env.PYTHON ?? 'python3', [join(here, 'python/run.py')]];
  const binary = join(work, 'clients-go');
  if (!runnerCommand.built) {
    execFileSync('go', ['build', '-o', binary, '.'], {
      cwd: join(here, 'go'),
      stdio: 'inherit',
      env: {
        ...process.env,
        GOFLAGS: process.env.GOFLAGS ?? '-mod=readonly',
        GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'local',
      },
    });
    runnerCommand.built = true;
  }
  return [binary, []];
}

function runClient(client, kind, context) {
  const [command, base] = runnerCommand(client);
  const output = execFileSync(command, [...base, kind, join(here, `${kind}-scenarios.json`)], {
    env: { ...process.env, CONFORMANCE_CONTEXT: JSON.stringify(context) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output);
}

/** Checks a runner's outcomes against the scenario; returns the failing steps with their reasons. */
function judge(kind, results, prefix) {
  const fill = (text) => text.replaceAll('{p}', prefix);
  const captured = {};
  const failures = new Map();
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const step of scenarios[kind].steps) {
    const result = byId.get(step.id);
    if (!result) {
      failures.set(step.id, ['the runner did not report this step']);
      continue;
    }
    const problems = step.expect.ok
      ? result.ok
        ? mismatches(step.expect.ok, result.ok, fill, captured)
        : [`expected success, got ${JSON.stringify(result.error)}`]
      : result.error
        ? mismatches(step.expect.error, result.error, fill, captured)
        : [`expected ${JSON.stringify(step.expect.error)}, got success`];
    for (const [name, field] of Object.entries(step.capture ?? {})) captured[name] = result.ok?.[field];
    if (problems.length > 0) failures.set(step.id, problems);
  }
  return failures;
}

let passed = 0;
let failed = 0;
const report = (label, ok, detail = []) => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
  for (const line of detail) console.log(`       ${line}`);
};

const fake = await startFake();
try {
  await enableVaultAuth({ endpoint: fake.info.vault.endpoint, token: fake.info.vault.token });
  const targets = [{ name: 'fake', aws: fake.info.aws }];
  if (process.env.MOTO_ENDPOINT) {
    targets.push({
      name: 'moto',
      aws: {
        endpoint: process.env.MOTO_ENDPOINT,
        region: 'us-east-1',
        accessKeyId: 'AKIAMOTO',
        secretAccessKey: 'moto',
      },
    });
  } else if (process.env.CI) {
    throw new Error('MOTO_ENDPOINT is not set: CI must run the client scenarios against moto too');
  } else {
    console.log('(MOTO_ENDPOINT not set: the AWS scenario runs against the fake only)');
  }
  for (const client of clients) {
    for (const target of targets) {
      const prefix = `c${randomBytes(4).toString('hex')}-${client}`;
      const results = runClient(client, 'aws', { prefix, ...target.aws });
      const failures = judge('aws', results, prefix);
      if (target.name === 'fake') {
        for (const step of scenarios.aws.steps)
          report(`aws ${client} fake: ${step.id}`, !failures.has(step.id), failures.get(step.id));
        continue;
      }
      for (const step of scenarios.aws.steps) {
        const listed = motoDifferences[step.id];
        const differs = failures.has(step.id);
        if (listed && !differs)
          report(`aws ${client} moto: ${step.id}`, false, [
            'listed in moto-differences.json but moto now follows the reference: remove it from the list and from docs/testkit.md',
          ]);
        else if (!listed && differs)
          report(`aws ${client} moto: ${step.id}`, false, [
            'moto departs from the expectation and the difference is not listed in moto-differences.json:',
            ...failures.get(step.id),
          ]);
        else report(`aws ${client} moto: ${step.id}${listed ? ' (known moto difference)' : ''}`, true);
      }
    }
    const prefix = `c${randomBytes(4).toString('hex')}-${client}`;
    const context = await vaultContext(
      { endpoint: fake.info.vault.endpoint, token: fake.info.vault.token },
      prefix,
    );
    const failures = judge('vault', runClient(client, 'vault', context), prefix);
    for (const step of scenarios.vault.steps)
      report(`vault ${client} fake: ${step.id}`, !failures.has(step.id), failures.get(step.id));
  }
} finally {
  fake.stop();
  rmSync(work, { recursive: true, force: true });
}
console.log(`clients: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
