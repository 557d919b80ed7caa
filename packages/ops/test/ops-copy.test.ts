import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CopyAction } from '../src/copy/plan.js';
import { ENV, type OpsWorld, runOps, startOpsWorld, valueStrings } from './helpers/ops.js';

let world: OpsWorld;
beforeEach(async () => {
  world = await startOpsWorld();
});
afterEach(() => world.close());

const copy = async (...args: string[]) => {
  const result = await runOps(world, ['copy', '--env', ENV, ...world.storeFlags, ...args]);
  for (const v of [...valueStrings(world.values), 'CANARY']) {
    expect(result.stdout + result.stderr).not.toContain(v);
  }
  return result;
};
const actions = async (...args: string[]) => {
  const result = await copy(...args, '--json');
  return { code: result.code, actions: (JSON.parse(result.stdout) as { actions: CopyAction[] }).actions };
};
const byName = (list: CopyAction[], name: string) => list.find((a) => a.secret === name)!;
/** The real AWS client on the fake, to see what copy wrote beyond the values. */
const awsClient = () =>
  new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: world.aws.endpoint,
    credentials: world.aws.credentials,
  });

describe('locksmith copy', () => {
  it('copies Vault to AWS oldest version first, then does nothing on a second run', async () => {
    const jwtPath = 'shop/staging/jwt-signing-key';
    const old = world.values['jwt-signing-key'] as string;
    const fresh = 'CANARY-rotated-jwt-key-0123456789abcdefghijklmnop';
    world.vault.kv.put(jwtPath, { value: fresh });

    const dry = await actions('--from', 'vault', '--to', 'aws', '--dry-run');
    expect(byName(dry.actions, 'jwt-signing-key')).toMatchObject({ action: 'create', versions: 2 });
    expect(world.aws.store.describe(jwtPath)).toBeUndefined();

    const first = await actions('--from', 'vault', '--to', 'aws');
    expect(first.code).toBe(0);
    expect(first.actions.map((a) => a.secret)).toEqual([
      'jwt-signing-key',
      'payment-api-key',
      'payment-webhook-secret',
    ]);
    expect(byName(first.actions, 'jwt-signing-key')).toMatchObject({
      action: 'create',
      versions: 2,
      from: `vault:secret/${jwtPath}`,
      to: `aws:${jwtPath}`,
    });
    expect(world.aws.store.read(jwtPath)?.value).toBe(fresh);
    expect(world.aws.store.read(jwtPath, { stage: 'AWSPREVIOUS' })?.value).toBe(old);
    // Marked as a copy, so that audit does not call it an orphan.
    const client = awsClient();
    const described = await client.send(new DescribeSecretCommand({ SecretId: jwtPath }));
    client.destroy();
    expect(described.Tags).toEqual([{ Key: 'locksmith.dev/copy-of', Value: `vault:secret/${jwtPath}` }]);

    const again = await actions('--from', 'vault', '--to', 'aws');
    for (const a of again.actions) expect(a).toMatchObject({ action: 'up-to-date', versions: 0 });
    expect(world.aws.store.describe(jwtPath)?.versions).toHaveLength(2);

    // A rotation in the source copies just the new version.
    world.vault.kv.put(jwtPath, { value: `${fresh}-v3` });
    const third = await actions('--from', 'vault', '--to', 'aws');
    expect(byName(third.actions, 'jwt-signing-key')).toMatchObject({ action: 'update', versions: 1 });
    expect(world.aws.store.read(jwtPath, { stage: 'AWSPREVIOUS' })?.value).toBe(fresh);
  });

  it('copies AWS to Vault, AWSPREVIOUS then AWSCURRENT, object secrets as KV fields', async () => {
    const dbPath = 'shop/staging/database';
    const previous = world.values['database'] as Record<string, string>;
    const current = { ...previous, password: 'CANARY-new-password-0123456789abcdef' };
    world.aws.store.set(dbPath, JSON.stringify(current));
    const result = await copy('--from', 'aws', '--to', 'vault');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /database\s+create\s+2\s+aws:shop\/staging\/database -> vault:secret\/shop\/staging\/database/,
    );
    const versions = world.vault.kv.versions(dbPath);
    expect(versions.map((v) => v.data)).toEqual([previous, current]);
    const redis = world.vault.kv.get('shop/staging/redis');
    expect(redis?.data).toEqual({ value: world.values['redis'] });
    const metadata = await fetch(`${world.vault.endpoint}/v1/secret/metadata/${dbPath}`, {
      headers: { 'X-Vault-Token': world.vault.rootToken },
    });
    expect(((await metadata.json()) as { data: { custom_metadata: unknown } }).data.custom_metadata).toEqual({
      'locksmith.dev/copy-of': `aws:${dbPath}`,
    });
  });

  it('reports a secret missing from the source (exit 1) and rejects copying a store onto itself', async () => {
    world.vault.kv.remove('shop/staging/payment-api-key');
    const result = await actions('--from', 'vault', '--to', 'aws');
    expect(result.code).toBe(1);
    expect(byName(result.actions, 'payment-api-key')).toMatchObject({
      action: 'missing-in-source',
      versions: 0,
    });
    expect((await copy('--from', 'aws', '--to', 'aws')).code).toBe(2);
    expect((await copy('--from', 'gcp', '--to', 'aws')).code).toBe(2);
  });
});
