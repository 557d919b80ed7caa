import { execFileSync } from 'node:child_process';
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from './helpers/cli.js';
import { ENV, type OpsWorld, runOps, startOpsWorld, valueStrings } from './helpers/ops.js';

let world: OpsWorld;
let privateKey: string;
let certFile: string;

let keyDir: { dir: string; cleanup: () => Promise<void> };

// A throwaway key pair and self-signed certificate made at test time, as the controller makes its own.
beforeAll(async () => {
  keyDir = await tempDir();
  certFile = join(keyDir.dir, 'cert.pem');
  const keyFile = join(keyDir.dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=sealed-secret',
    ],
    { stdio: 'ignore' },
  );
  privateKey = await readFile(keyFile, 'utf8');
});
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

/** kubeseal's format, undone with the controller's private key. */
function unseal(sealed: string, label: string): string {
  const data = Buffer.from(sealed, 'base64');
  const length = data.readUInt16BE(0);
  const sessionKey = privateDecrypt(
    {
      key: privateKey,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(label),
    },
    data.subarray(2, 2 + length),
  );
  const body = data.subarray(2 + length);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

async function manifests(): Promise<SealedSecret[]> {
  const dir = join(world.dir, 'sealed', ENV);
  const files = (await readdir(dir)).sort();
  return Promise.all(files.map(async (f) => parse(await readFile(join(dir, f), 'utf8')) as SealedSecret));
}

describe('locksmith seal', () => {
  it('seals every (service, secret) read in the environment, decryptable with the private key only for its namespace/name', async () => {
    const result = await runOps(world, ['seal', '--env', ENV, '--cert', certFile, ...world.storeFlags]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const all = await manifests();
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
    expect(all).toHaveLength(reads);
    const db = all.find((m) => m.metadata.name === 'api-database')!;
    expect(db).toMatchObject({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { namespace: 'shop-staging' },
      spec: { template: { metadata: { name: 'api-database', namespace: 'shop-staging' } } },
    });
    expect(Object.keys(db.spec.encryptedData)).toEqual([
      'DATABASE_PASSWORD',
      'DATABASE_URL',
      'DATABASE_USER',
    ]);
    const expected = world.values['database'] as Record<string, string>;
    expect(unseal(db.spec.encryptedData['DATABASE_PASSWORD']!, 'shop-staging/api-database')).toBe(
      expected['password'],
    );
    // Vault string secret: stored as { value }, sealed under its env var.
    const jwt = all.find((m) => m.metadata.name === 'api-jwt-signing-key')!;
    expect(unseal(jwt.spec.encryptedData['JWT_SIGNING_KEY']!, 'shop-staging/api-jwt-signing-key')).toBe(
      world.values['jwt-signing-key'],
    );
    // Strict scope: the same ciphertext does not open under another name.
    expect(() =>
      unseal(db.spec.encryptedData['DATABASE_PASSWORD']!, 'shop-staging/worker-database'),
    ).toThrow();
    const files = await Promise.all(
      (await readdir(join(world.dir, 'sealed', ENV))).map((f) =>
        readFile(join(world.dir, 'sealed', ENV, f), 'utf8'),
      ),
    );
    for (const v of valueStrings(world.values))
      for (const text of [result.stdout, ...files]) expect(text).not.toContain(v);
  });

  it("puts each SealedSecret in its service's own namespace when the namespace template names the service", async () => {
    const text = await readFile(world.catalogFile, 'utf8');
    const perService = text.replace('namespace: "{project}-{env}"', 'namespace: "{project}-{env}-{service}"');
    expect(perService).not.toBe(text);
    await writeFile(world.catalogFile, perService);
    const result = await runOps(world, ['seal', '--env', ENV, '--cert', certFile, ...world.storeFlags]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const all = await manifests();
    for (const name of ['api-database', 'worker-database']) {
      const namespace = `shop-staging-${name.split('-')[0]}`;
      const sealed = all.find((m) => m.metadata.name === name)!;
      expect(sealed.metadata.namespace).toBe(namespace);
      expect(sealed.spec.template.metadata.namespace).toBe(namespace);
      // Strict scope is bound to the service's namespace: it opens there and nowhere else.
      const password = sealed.spec.encryptedData['DATABASE_PASSWORD']!;
      expect(unseal(password, `${namespace}/${name}`)).toBe(
        (world.values['database'] as Record<string, string>)['password'],
      );
      expect(() => unseal(password, `shop-staging/${name}`)).toThrow();
    }
  });

  it('seals nothing for a service that reads its store directly (externalSecrets: false)', async () => {
    const text = await readFile(world.catalogFile, 'utf8');
    const direct = text.replace(
      '    serviceAccount: worker\n',
      '    serviceAccount: worker\n    externalSecrets: false\n',
    );
    expect(direct).not.toBe(text);
    await writeFile(world.catalogFile, direct);
    const result = await runOps(world, ['seal', '--env', ENV, '--cert', certFile, ...world.storeFlags]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'seal: worker reads its store directly (externalSecrets: false): skipped',
    );
    const names = (await manifests()).map((m) => m.metadata.name);
    expect(names).toContain('api-database');
    expect(names.filter((n) => n.startsWith('worker-'))).toEqual([]);
  });

  it('seals from a dotenv file and reports secrets it has no value for (exit 1)', async () => {
    await writeFile(
      join(world.dir, '.env'),
      'REDIS_URL=rediss://CANARY-redis.internal:6380/0\nSESSION_SECRET="CANARY-session-0123456789abcdef0123456789"\n',
    );
    const result = await runOps(world, [
      'seal',
      '--env',
      ENV,
      '--cert',
      certFile,
      '--from',
      'dotenv',
      '.env',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('seal: no value for api/database in dotenv: skipped');
    const all = await manifests();
    expect(all.map((m) => m.metadata.name).sort()).toEqual(['api-redis', 'api-session-key', 'worker-redis']);
    const redis = all.find((m) => m.metadata.name === 'worker-redis')!;
    expect(unseal(redis.spec.encryptedData['REDIS_URL']!, 'shop-staging/worker-redis')).toBe(
      'rediss://CANARY-redis.internal:6380/0',
    );
    expect(result.stdout + result.stderr).not.toContain('CANARY');
  });

  it('is a usage error without --cert, with a bad certificate, or with --from dotenv and no file', async () => {
    expect((await runOps(world, ['seal', '--env', ENV])).code).toBe(2);
    await writeFile(join(world.dir, 'bad.pem'), 'not a certificate');
    expect(await runOps(world, ['seal', '--env', ENV, '--cert', 'bad.pem'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a usable PEM certificate'),
    });
    expect((await runOps(world, ['seal', '--env', ENV, '--cert', certFile, '--from', 'dotenv'])).code).toBe(
      2,
    );
  });
});
