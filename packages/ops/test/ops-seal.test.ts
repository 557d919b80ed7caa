import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAlias, parse, parseDocument, visit } from 'yaml';
import { tempDir } from './helpers/cli.js';
import { ENV, type OpsWorld, runOps, startOpsWorld, valueStrings } from './helpers/ops.js';

let world: OpsWorld;
let keyDir: { dir: string; cleanup: () => Promise<void> };
/** Key pairs and self-signed certificates made at test time, as the controller makes its own. */
const certs = { valid: '', expired: '', small: '' };
let keyFile: string;

/**
 * The independent side of these tests: a sealed-secrets controller in Python `cryptography`
 * (test/conformance/sealed_secrets.py), which makes the certificates and opens what seal wrote.
 */
const CONTROLLER = fileURLToPath(new URL('./conformance/sealed_secrets.py', import.meta.url));
function controller(args: string[]): string {
  return execFileSync('python3', [CONTROLLER, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function makeCert(name: string, bits: number, notAfter: Date): string {
  const dir = join(keyDir.dir, name);
  mkdirSync(dir);
  controller(['cert', dir, String(bits), notAfter.toISOString()]);
  return dir;
}

beforeAll(async () => {
  keyDir = await tempDir();
  const day = 86_400_000;
  const valid = makeCert('valid', 2048, new Date(Date.now() + day));
  keyFile = join(valid, 'key.pem');
  certs.valid = join(valid, 'cert.pem');
  certs.expired = join(makeCert('expired', 2048, new Date(Date.now() - day)), 'cert.pem');
  certs.small = join(makeCert('small', 1024, new Date(Date.now() + day)), 'cert.pem');
}, 60_000);
afterAll(() => keyDir.cleanup());
beforeEach(async () => {
  world = await startOpsWorld();
});
afterEach(() => world.close());

interface SealedSecret {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    encryptedData: Record<string, string>;
    template: { metadata: { name: string; namespace: string } };
  };
}

/** Every SealedSecret seal wrote, opened by the independent controller: `namespace/name` → values. */
async function unsealAll(labelOf?: string): Promise<Record<string, Record<string, string>>> {
  const dir = join(world.dir, 'sealed', ENV);
  const files = (await readdir(dir)).map((f) => join(dir, f));
  return JSON.parse(controller(['unseal', keyFile, ...files, ...(labelOf ? ['--label-of', labelOf] : [])]));
}

async function manifests(): Promise<{ texts: string[]; parsed: SealedSecret[] }> {
  const dir = join(world.dir, 'sealed', ENV);
  const files = (await readdir(dir)).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  return { texts, parsed: texts.map((t) => parse(t) as SealedSecret) };
}

const seal = (...extra: string[]) => runOps(world, ['seal', '--env', ENV, ...extra]);

describe('locksmith seal', () => {
  it('seals every (service, secret) read in the environment; an independent controller opens each for its namespace/name only', async () => {
    const result = await seal('--cert', certs.valid, ...world.storeFlags);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { texts, parsed } = await manifests();
    const reads = world.catalog.services
      .filter((s) => s.environments.includes(ENV))
      .reduce(
        (n, s) =>
          n +
          s.reads.filter((r) =>
            world.catalog.secrets.find((x) => x.name === r)!.placements.some((p) => p.environment === ENV),
          ).length,
        0,
      );
    expect(parsed).toHaveLength(reads);
    expect(parsed.find((m) => m.metadata.name === 'api-database')).toMatchObject({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { namespace: 'shop-staging' },
      spec: { template: { metadata: { name: 'api-database', namespace: 'shop-staging' } } },
    });

    const opened = await unsealAll();
    expect(Object.keys(opened)).toHaveLength(reads);
    const db = world.values['database'] as Record<string, string>;
    expect(opened['shop-staging/api-database']).toEqual({
      DATABASE_PASSWORD: db['password'],
      DATABASE_URL: db['url'],
      DATABASE_USER: db['username'],
    });
    // A Vault string secret: stored as { value }, sealed under its env var.
    expect(opened['shop-staging/api-jwt-signing-key']).toEqual({
      JWT_SIGNING_KEY: world.values['jwt-signing-key'],
    });
    // Strict scope: a value does not open under another Secret's namespace/name.
    await expect(unsealAll('shop-staging/someone-else')).rejects.toThrow(
      /does not open under shop-staging\/someone-else/,
    );

    // No YAML anchors or aliases: the labels are written out twice, as kubectl shows them.
    for (const text of texts) {
      expect(text).not.toMatch(/[&*]a\d/);
      visit(parseDocument(text), { Alias: () => expect.unreachable('alias in a SealedSecret') });
      expect(isAlias(parseDocument(text).getIn(['spec', 'template', 'metadata', 'labels'], true))).toBe(
        false,
      );
    }
    for (const v of valueStrings(world.values))
      for (const text of [result.stdout, ...texts]) expect(text).not.toContain(v);
  });

  it('on a terminal, draws a progress line and clears it before each report line', async () => {
    const result = await runOps(
      world,
      ['seal', '--env', ENV, '--cert', certs.valid, ...world.storeFlags],
      true,
    );
    expect(result.code).toBe(0);
    expect(result.stderr.startsWith('\r\u001b[2K[1/')).toBe(true);
    expect(result.stderr).toContain('] api/database');
    expect(result.stdout).not.toContain('\u001b');
    // Every report line follows a cleared progress line: the two streams never share a line.
    const clears = result.stderr.split('\r\u001b[2K').length - 1;
    expect(clears).toBeGreaterThanOrEqual(
      2 * result.stdout.split('\n').filter((l) => l.startsWith('sealed ')).length,
    );
  });

  it("puts each SealedSecret in its service's own namespace when the namespace template names the service", async () => {
    const text = await readFile(world.catalogFile, 'utf8');
    const perService = text.replace('namespace: "{project}-{env}"', 'namespace: "{project}-{env}-{service}"');
    expect(perService).not.toBe(text);
    await writeFile(world.catalogFile, perService);
    const result = await seal('--cert', certs.valid, ...world.storeFlags);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { parsed } = await manifests();
    for (const name of ['api-database', 'worker-database']) {
      const namespace = `shop-staging-${name.split('-')[0]}`;
      const sealed = parsed.find((m) => m.metadata.name === name)!;
      expect(sealed.metadata.namespace).toBe(namespace);
      expect(sealed.spec.template.metadata.namespace).toBe(namespace);
    }
    // Strict scope is bound to the service's namespace: each opens there and nowhere else.
    const opened = await unsealAll();
    expect(opened['shop-staging-api/api-database']?.['DATABASE_PASSWORD']).toBe(
      (world.values['database'] as Record<string, string>)['password'],
    );
    await expect(unsealAll('shop-staging/api-database')).rejects.toThrow(
      /does not open under shop-staging\/api-database/,
    );
  });

  it('seals nothing for a service that reads its store directly (externalSecrets: false)', async () => {
    const text = await readFile(world.catalogFile, 'utf8');
    const direct = text.replace(
      '    serviceAccount: worker\n',
      '    serviceAccount: worker\n    externalSecrets: false\n',
    );
    expect(direct).not.toBe(text);
    await writeFile(world.catalogFile, direct);
    const result = await seal('--cert', certs.valid, ...world.storeFlags);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'seal: worker reads its store directly (externalSecrets: false): skipped',
    );
    const names = (await manifests()).parsed.map((m) => m.metadata.name);
    expect(names).toContain('api-database');
    expect(names.filter((n) => n.startsWith('worker-'))).toEqual([]);
    // --json says the same as data.
    const json = await seal('--cert', certs.valid, ...world.storeFlags, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { direct: string[]; sealed: { name: string }[] };
    expect(report.direct).toEqual(['worker']);
    expect(report.sealed.map((s) => s.name).filter((n) => n.startsWith('worker-'))).toEqual([]);
  });

  it('seals from a dotenv file and reports secrets it has no value for (exit 1)', async () => {
    await writeFile(
      join(world.dir, '.env'),
      'REDIS_URL=rediss://CANARY-redis.internal:6380/0\nSESSION_SECRET="CANARY-session-0123456789abcdef0123456789"\n',
    );
    const result = await seal('--cert', certs.valid, '--from', 'dotenv', '.env');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('seal: no value for api/database in dotenv: skipped');
    const opened = await unsealAll();
    expect(Object.keys(opened).sort()).toEqual([
      'shop-staging/api-redis',
      'shop-staging/api-session-key',
      'shop-staging/worker-redis',
    ]);
    expect(opened['shop-staging/worker-redis']).toEqual({
      REDIS_URL: 'rediss://CANARY-redis.internal:6380/0',
    });
    expect(result.stdout + result.stderr).not.toContain('CANARY');
  });

  it('refuses an expired certificate and an RSA key under 2048 bits, as kubeseal would, writing nothing', async () => {
    const expired = await seal('--cert', certs.expired, ...world.storeFlags);
    expect(expired.code).toBe(2);
    expect(expired.stderr).toMatch(
      /^seal: \S+cert\.pem is not a usable sealed-secrets certificate: it expired on \d{4}-\d\d-\d\dT[\d:.]+Z; fetch the controller's current certificate with `kubeseal --fetch-cert`\.\n$/,
    );
    const small = await seal('--cert', certs.small, ...world.storeFlags);
    expect(small.code).toBe(2);
    expect(small.stderr).toContain('its RSA key has 1024 bits; at least 2048 are required.');
    await expect(readdir(join(world.dir, 'sealed'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is a usage error without --cert, with a bad certificate, or with --from dotenv and no file', async () => {
    expect((await seal()).code).toBe(2);
    await writeFile(join(world.dir, 'bad.pem'), 'not a certificate');
    expect(await seal('--cert', 'bad.pem')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('bad.pem is not a usable sealed-secrets certificate'),
    });
    expect((await seal('--cert', certs.valid, '--from', 'dotenv')).code).toBe(2);
  });
});
