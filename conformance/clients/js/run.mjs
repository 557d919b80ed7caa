#!/usr/bin/env node
// Runs aws-scenarios.json through @aws-sdk/client-secrets-manager, or vault-scenarios.json through
// node-vault, against the endpoint in CONFORMANCE_CONTEXT, and prints one JSON array of normalised
// outcomes on stdout. The driver (../run.mjs) compares them with the scenarios' expectations.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The clients are the testkit's own devDependencies: resolve them from there.
const require = createRequire(new URL('../../../packages/testkit/package.json', import.meta.url));
const [kind, scenarioFile] = process.argv.slice(2);
const context = JSON.parse(process.env.CONFORMANCE_CONTEXT ?? '{}');
const { steps } = JSON.parse(readFileSync(scenarioFile, 'utf8'));
const captured = {};

/** `{p}` → the run's prefix, `{cap:name}` → a value captured earlier. */
const fill = (value) => {
  if (typeof value === 'string') {
    return value
      .replaceAll('{p}', context.prefix)
      .replace(/\{cap:([a-z0-9-]+)\}/gi, (_, n) => captured[n] ?? '');
  }
  if (Array.isArray(value)) return value.map(fill);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
  return value;
};

/** JSON-safe output: dates as ISO text, bytes as base64, SDK metadata dropped. */
const plain = (value) => {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => k !== '$metadata' && v !== undefined)
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
};

async function runAws() {
  const sm = require('@aws-sdk/client-secrets-manager');
  const client = new sm.SecretsManagerClient({
    endpoint: context.endpoint,
    region: context.region,
    credentials: { accessKeyId: context.accessKeyId, secretAccessKey: context.secretAccessKey },
    maxAttempts: 1,
  });
  const out = [];
  for (const step of steps) {
    const input = fill(step.input);
    if (typeof input.SecretBinary === 'string')
      input.SecretBinary = Buffer.from(input.SecretBinary, 'base64');
    try {
      const result = plain(await client.send(new sm[`${step.op}Command`](input)));
      for (const [name, field] of Object.entries(step.capture ?? {})) captured[name] = result[field];
      out.push({ id: step.id, ok: result });
    } catch (error) {
      out.push({ id: step.id, error: { code: error.name, status: error.$metadata?.httpStatusCode } });
    }
  }
  client.destroy();
  return out;
}

async function runVault() {
  const vault = require('node-vault');
  const mount = context.mount ?? 'secret';
  const clientFor = (token) => vault({ endpoint: context.endpoint, ...(token ? { token } : {}) });
  const tokens = { root: context.rootToken, limited: context.limitedToken, login: undefined };
  const kvPath = (area, path) => `${mount}/${area}/${path}`;
  const loginOut = (auth) => {
    tokens.login = auth.client_token;
    return { policies: auth.policies, lease_duration: auth.lease_duration, renewable: auth.renewable };
  };
  const ops = {
    'kv.put': async (c, s) => ({
      version: (
        await c.write(kvPath('data', s.path), {
          data: s.data,
          ...(s.cas === undefined ? {} : { options: { cas: s.cas } }),
        })
      ).data.version,
    }),
    'kv.get': async (c, s) => {
      const r = await c.read(`${kvPath('data', s.path)}${s.version ? `?version=${s.version}` : ''}`);
      return { data: r.data.data, version: r.data.metadata.version };
    },
    'kv.patch': async (c, s) => ({
      version: (await c.update(kvPath('data', s.path), { data: s.data })).data.version,
    }),
    'kv.metadata': async (c, s) => {
      const d = (await c.read(kvPath('metadata', s.path))).data;
      const versions = Object.fromEntries(
        Object.entries(d.versions).map(([n, v]) => [
          n,
          { deleted: v.deletion_time !== '', destroyed: v.destroyed },
        ]),
      );
      return { current_version: d.current_version, oldest_version: d.oldest_version, versions };
    },
    'kv.list': async (c, s) => ({ keys: (await c.list(kvPath('metadata', s.path))).data.keys }),
    'kv.delete': async (c, s) => {
      await c.delete(kvPath('data', s.path));
      return {};
    },
    'kv.undelete': async (c, s) => {
      await c.write(kvPath('undelete', s.path), { versions: s.versions });
      return {};
    },
    'kv.destroy': async (c, s) => {
      await c.write(kvPath('destroy', s.path), { versions: s.versions });
      return {};
    },
    'kv.metadata-delete': async (c, s) => {
      await c.delete(kvPath('metadata', s.path));
      return {};
    },
    'token.lookup-self': async (c) => {
      const d = (await c.tokenLookupSelf()).data;
      return { policies: d.policies, ttl: String(d.ttl), type: d.type, renewable: d.renewable };
    },
    'token.renew-self': async (c, s) => {
      const a = (await c.tokenRenewSelf({ increment: s.increment })).auth;
      return { policies: a.policies, lease_duration: a.lease_duration, renewable: a.renewable };
    },
    'token.revoke-self': async (c) => {
      await c.tokenRevokeSelf();
      return {};
    },
    'approle.login': async (c, s) =>
      loginOut(
        (
          await c.approleLogin({
            role_id: context.approle.roleId,
            secret_id: s.wrongSecret ? 'wrong' : context.approle.secretId,
          })
        ).auth,
      ),
    'kubernetes.login': async (c, s) =>
      loginOut(
        (
          await c.kubernetesLogin({
            mount_point: 'kubernetes',
            role: s.role ?? context.kubernetes.role,
            jwt: context.kubernetes.jwt,
          })
        ).auth,
      ),
    health: async (c) => {
      const h = await c.health();
      return { initialized: h.initialized, sealed: h.sealed, standby: h.standby };
    },
  };
  const out = [];
  for (const raw of steps) {
    const step = fill(raw);
    try {
      out.push({
        id: step.id,
        ok: await ops[step.op](clientFor(step.as ? tokens[step.as] : undefined), step),
      });
    } catch (error) {
      if (!error.response) throw error;
      const errors = error.response.body?.errors ?? [];
      out.push({ id: step.id, error: { status: error.response.statusCode, message: errors.join('\n') } });
    }
  }
  return out;
}

const results = kind === 'aws' ? await runAws() : await runVault();
process.stdout.write(`${JSON.stringify(results)}\n`);
