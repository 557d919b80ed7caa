import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { startFakeSecretsManager, startFakeVault } from '../src/index.js';
import { sdkFor } from './aws-helpers.js';
import { vaultClient } from './vault-helpers.js';

const tcpHandles = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;

describe('close()', () => {
  it('leaves no server or socket handle open, even with keep-alive clients and a hung request', async () => {
    const before = tcpHandles();
    const aws = await startFakeSecretsManager();
    const vault = await startFakeVault();
    aws.store.create('k', 'v');
    vault.kv.put('k', { v: '1' });
    const sm = sdkFor(aws);
    await sm.send(new GetSecretValueCommand({ SecretId: 'k' }));
    await vaultClient(vault, vault.rootToken).read('secret/data/k');
    aws.faults.inject({ error: 'hang' });
    const hung = sm.send(new GetSecretValueCommand({ SecretId: 'k' })).catch((e: Error) => e);
    while (aws.requests.count() < 2) await new Promise((r) => setTimeout(r, 1));
    expect(tcpHandles()).toBeGreaterThan(before);

    await Promise.all([aws.close(), vault.close()]);
    expect(await hung).toBeInstanceOf(Error);
    sm.destroy();
    // Client-side sockets see the close on the next turn of the event loop.
    for (let i = 0; i < 50 && tcpHandles() > before; i++) await new Promise((r) => setTimeout(r, 1));
    expect(tcpHandles()).toBe(before);
  });

  it('is idempotent', async () => {
    const vault = await startFakeVault();
    await vault.close();
    await expect(vault.close()).resolves.toBeUndefined();
  });
});
