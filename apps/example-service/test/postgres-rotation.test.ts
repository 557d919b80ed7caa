import { randomBytes } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createAwsProvider, createVaultProvider } from '@locksmith/sdk-node';
import {
  type FakeSecretsManager,
  type FakeVault,
  startFakeSecretsManager,
  startFakeVault,
} from '@locksmith/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiSecrets } from '../generated/ts/api.js';
import { rotateAlternatingUsers } from '../src/db/rotate-alternating-users.js';
import { createRotatingPool } from '../src/db/rotating-pool.js';

/**
 * The rotation drill against a real PostgreSQL: queries run without pause while the database
 * password rotates twice, AWS alternating-users style. CI starts the server (scripts/start-postgres.sh)
 * and sets LOCKSMITH_PG_URL; on a laptop without it vitest.config.ts leaves the drill out, loudly. In CI it must run.
 */
const adminUrl = process.env.LOCKSMITH_PG_URL;
if (!adminUrl) {
  // vitest.config.ts leaves this file out without a server, except in CI, where it must run.
  throw new Error(
    'LOCKSMITH_PG_URL is not set: the PostgreSQL rotation drill needs a server (scripts/start-postgres.sh)',
  );
}

describe('PostgreSQL rotation drill (alternating users)', () => {
  const suffix = randomBytes(4).toString('hex');
  const dbName = `locksmith_drill_${suffix}`;
  const user = `drill_app_${suffix}`;
  const group = `drill_group_${suffix}`;
  const secretId = 'shop/staging/database';
  const firstPassword = randomBytes(18).toString('base64url');
  let admin: pg.Client;
  let drillAdmin: pg.Client;
  let aws: FakeSecretsManager;
  // The api service also reads Vault secrets; the drill only touches the database one.
  let vault: FakeVault;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.query(`CREATE ROLE ${group} NOLOGIN`);
    await admin.query(
      `CREATE ROLE ${user} LOGIN PASSWORD ${admin.escapeLiteral(firstPassword)} IN ROLE ${group}`,
    );
    const url = new URL(adminUrl ?? '');
    url.pathname = `/${dbName}`;
    drillAdmin = new pg.Client({ connectionString: url.toString() });
    await drillAdmin.connect();
    await drillAdmin.query(
      'CREATE TABLE orders (id serial PRIMARY KEY, worker int NOT NULL, by_user text NOT NULL)',
    );
    await drillAdmin.query(
      `GRANT SELECT, INSERT ON orders TO ${group}; GRANT USAGE ON SEQUENCE orders_id_seq TO ${group}`,
    );

    aws = await startFakeSecretsManager();
    vault = await startFakeVault();
    aws.store.create(secretId, {
      url: `postgres://${url.hostname}:${url.port}/${dbName}`,
      username: user,
      password: firstPassword,
    });
  });

  afterAll(async () => {
    await drillAdmin?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    for (const role of [user, `${user}_clone`, group]) await admin?.query(`DROP ROLE IF EXISTS ${role}`);
    await admin?.end();
    await aws?.close();
    await vault?.close();
  });

  it('runs queries through two rotations with zero failures and no restart', async () => {
    const secrets = createApiSecrets({
      environment: 'staging',
      providers: {
        aws: createAwsProvider({ region: aws.region, endpoint: aws.endpoint, credentials: aws.credentials }),
        vault: createVaultProvider({
          endpoint: vault.endpoint,
          auth: { method: 'token', token: vault.rootToken },
        }),
      },
      cacheTtlMs: 250,
    });
    const pool = await createRotatingPool(secrets.secret('database'), { max: 4 });
    const sm = new SecretsManagerClient({
      region: aws.region,
      endpoint: aws.endpoint,
      credentials: aws.credentials,
    });

    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const usersSeen = new Set<string>();
    const workers = Array.from({ length: 4 }, async (_, worker) => {
      while (running) {
        try {
          const result = await pool.query<{ by_user: string }>(
            'INSERT INTO orders (worker, by_user) VALUES ($1, current_user) RETURNING by_user',
            [worker],
          );
          usersSeen.add(result.rows[0]?.by_user ?? '?');
          ok++;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    });
    const waitForGeneration = async (n: number) => {
      for (let i = 0; i < 400 && pool.generation < n; i++) await new Promise((r) => setTimeout(r, 25));
      expect(pool.generation).toBe(n);
    };
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    // Every statement the rotation sends: the new passwords must not be in any of them.
    const sent: string[] = [];
    const recording = new Proxy(admin, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === 'query')
          return (text: string, ...rest: unknown[]) => {
            sent.push(String(text));
            return (target.query as (...args: unknown[]) => unknown).call(target, text, ...rest);
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const passwords = [randomBytes(18).toString('base64url'), randomBytes(18).toString('base64url')];

    await pause(300);
    const first = await rotateAlternatingUsers({
      sm,
      admin: recording,
      secretId,
      groupRole: group,
      newPassword: passwords[0]!,
    });
    expect(first.username).toBe(`${user}_clone`);
    await waitForGeneration(1);
    await pause(300);
    const second = await rotateAlternatingUsers({
      sm,
      admin: recording,
      secretId,
      groupRole: group,
      newPassword: passwords[1]!,
    });
    expect(second.username).toBe(user);
    await waitForGeneration(2);
    await pause(300);
    running = false;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(20);
    // PostgreSQL got SCRAM verifiers, never a plaintext password (nothing for its logs to keep).
    expect(sent.filter((q) => q.startsWith('ALTER ROLE'))).toEqual([
      expect.stringMatching(/PASSWORD 'SCRAM-SHA-256\$4096:[^']+'$/),
      expect.stringMatching(/PASSWORD 'SCRAM-SHA-256\$4096:[^']+'$/),
    ]);
    for (const password of passwords) expect(sent.join('\n')).not.toContain(password);
    expect([...usersSeen].sort()).toEqual([user, `${user}_clone`].sort());
    const rows = await drillAdmin.query<{ n: string }>('SELECT count(*) AS n FROM orders');
    expect(Number(rows.rows[0]?.n)).toBe(ok);

    // The second rotation really changed the first user's password: the original one is refused now.
    const server = new URL(adminUrl ?? '');
    const refused = new pg.Client({
      host: server.hostname,
      port: Number(server.port),
      database: dbName,
      user,
      password: firstPassword,
    });
    await expect(refused.connect()).rejects.toThrow(/password authentication failed/);

    await pool.close();
    await secrets.close();
    sm.destroy();
  }, 60_000);
});
