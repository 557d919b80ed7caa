import { connect } from 'node:net';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeSecretsManager,
  type FakeVault,
  type HttpLimits,
  startFakeSecretsManager,
  startFakeVault,
} from '../src/index.js';
import { rejection, sdkFor } from './aws-helpers.js';

/** What both fakes used to get wrong on the wire and in fault rules (issue #15, part 3). */
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

const fakes = async (limits?: Partial<HttpLimits>): Promise<[FakeSecretsManager, FakeVault]> => {
  const both = await Promise.all([
    startFakeSecretsManager(limits ? { limits } : {}),
    startFakeVault(limits ? { limits } : {}),
  ]);
  open.push(...both);
  return both;
};

/** Sends raw bytes and resolves with everything the server sent once it closes the connection. */
function rawExchange(endpoint: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('both fakes on the wire', () => {
  it("answer a body over 1 MiB with 413 in the store's own error shape instead of resetting", async () => {
    const [aws, vault] = await fakes();
    const big = 'x'.repeat(1024 * 1024 + 1);
    const awsAnswer = await fetch(aws.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'secretsmanager.CreateSecret',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({ Name: 'big', SecretString: big }),
    });
    expect(awsAnswer.status).toBe(413);
    expect(await awsAnswer.text()).not.toContain('xxxx');
    const vaultAnswer = await fetch(`${vault.endpoint}/v1/secret/data/big`, {
      method: 'POST',
      headers: { 'x-vault-token': vault.rootToken },
      body: JSON.stringify({ data: { v: big } }),
    });
    expect(vaultAnswer.status).toBe(413);
    expect(await vaultAnswer.json()).toEqual({
      errors: ['failed to parse JSON input: http: request body too large'],
    });
    expect(aws.requests.entries().at(-1)).toMatchObject({ status: 413, op: 'CreateSecret' });
  });

  it('close a connection whose request head never completes', async () => {
    const [aws, vault] = await fakes({ headersTimeoutMs: 150 });
    for (const endpoint of [aws.endpoint, vault.endpoint]) {
      // Half a request head, then silence: the fake must hang up on its own.
      expect(await rawExchange(endpoint, 'GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n')).toBe('');
    }
  });

  it('answer 408 and hang up when a request body stalls', async () => {
    const [aws, vault] = await fakes({ bodyIdleTimeoutMs: 150 });
    for (const endpoint of [aws.endpoint, vault.endpoint]) {
      const head =
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
      expect(await rawExchange(endpoint, `${head}{"partial":`)).toMatch(/^HTTP\/1\.1 408 /);
    }
  });
});

describe('fault rules on both fakes', () => {
  it('compose: a standing latency rule does not hide an error rule added after it', async () => {
    const [aws] = await fakes();
    aws.store.create('k', 'v');
    const sm = sdkFor(aws);
    aws.faults.inject({ latencyMs: 1, times: Number.POSITIVE_INFINITY });
    aws.faults.inject({ error: 'throttle' });
    expect((await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'k' })))).name).toBe(
      'ThrottlingException',
    );
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'k' }))).SecretString).toBe('v');
    expect(aws.requests.entries().map((e) => e.fault)).toEqual(['throttle', undefined]);
    sm.destroy();
  });

  it('aim at one secret by SecretId (in process too)', async () => {
    const [aws, vault] = await fakes();
    aws.store.create('app/one', '1');
    aws.store.create('app/two', '2');
    const sm = sdkFor(aws);
    const rule = aws.faults.inject({ error: '503', secretId: 'app/two', times: Number.POSITIVE_INFINITY });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'app/one' }))).SecretString).toBe('1');
    expect((await rejection(sm.send(new GetSecretValueCommand({ SecretId: 'app/two' })))).name).toBe(
      'ServiceUnavailable',
    );
    expect(rule.hits).toBe(1);
    sm.destroy();
    vault.kv.put('team/db', { v: '1' });
    vault.faults.inject({ error: 'denied', secretId: 'db' });
    const denied = await fetch(`${vault.endpoint}/v1/secret/data/team/db`, {
      headers: { 'x-vault-token': vault.rootToken },
    });
    expect(denied.status).toBe(403);
  });

  it('refuse an unknown fault kind instead of turning it into a 500', async () => {
    const [aws, vault] = await fakes();
    for (const faults of [aws.faults, vault.faults]) {
      expect(() => faults.inject({ error: 'gremlins' as 'throttle' })).toThrow(
        /unknown fault kind "gremlins"/,
      );
      expect(() => faults.outage({ fromMs: 0, toMs: 1, error: 'gremlins' as 'throttle' })).toThrow(
        RangeError,
      );
    }
  });
});
