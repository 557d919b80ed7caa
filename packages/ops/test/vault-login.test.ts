import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENV, type OpsWorld, runOps, startOpsWorld } from './helpers/ops.js';

let world: OpsWorld;
beforeEach(async () => {
  world = await startOpsWorld();
});
afterEach(() => world.close());

/** The world's environment without VAULT_TOKEN, plus `extra`. */
function withoutToken(extra: Record<string, string>): Record<string, string> {
  const { VAULT_TOKEN: _unused, ...rest } = world.env;
  return { ...rest, ...extra };
}

describe("the operations log in with the runtime's Vault session", () => {
  it('look a static token up once, before the first call', async () => {
    const result = await runOps(world, ['audit', '--env', ENV, ...world.storeFlags]);
    expect(result.stderr).toBe('');
    expect(world.vault.requests.count(/lookup-self/)).toBe(1);
  });

  it('name the method and the unreadable service-account token, exit 1, and print no credential', async () => {
    const jwtPath = join(world.dir, 'no-such-token');
    const env = withoutToken({ VAULT_K8S_ROLE: 'shop-staging-reader', VAULT_K8S_JWT_PATH: jwtPath });
    const result = await runOps({ ...world, env }, ['audit', '--env', ENV, ...world.storeFlags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `audit: vault: kubernetes login failed: cannot read the service-account token at ${jwtPath}; tried: kubernetes. ` +
        'Outside a cluster, export VAULT_TOKEN (locksmith-fake prints one).\n',
    );
  });

  it("report Vault's answer to a refused AppRole login without the secret id", async () => {
    const { roleId } = world.vault.addAppRole('ci', { policies: ['default'] });
    const secretId = 'CANARY-wrong-secret-id-0123456789';
    const env = withoutToken({ VAULT_ROLE_ID: roleId, VAULT_SECRET_ID: secretId });
    const result = await runOps({ ...world, env }, ['audit', '--env', ENV, ...world.storeFlags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^audit: vault: approle login failed: HTTP 4\d\d\n$/);
    expect(result.stdout + result.stderr).not.toContain(secretId);
  });
});
