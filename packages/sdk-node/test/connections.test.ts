import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { isSecretsError } from '../src/errors.js';
import { createSecretsManagerClient } from '../src/providers/aws-client.js';
import { connectVault } from '../src/providers/vault-connection.js';
import { json, startServer } from './helpers/http-server.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SECRET_ID = 'CANARY-approle-secret-id-0123456789';

/** A Vault that accepts one AppRole secret id and serves one KV read to the token it hands out. */
async function approleVault() {
  server = await startServer((req, res) => {
    if (req.url === '/v1/auth/approle/login') {
      const body = JSON.parse(req.body) as { secret_id?: string };
      if (body.secret_id !== SECRET_ID) return json(res, 400, { errors: ['invalid role or secret ID'] });
      return json(res, 200, { auth: { client_token: 'issued-token', lease_duration: 60, renewable: true } });
    }
    if (req.headers['x-vault-token'] !== 'issued-token') return json(res, 403, { errors: ['denied'] });
    return json(res, 200, { data: { data: { value: 'x' }, metadata: { version: 1 } } });
  });
  return server;
}

describe('connectVault', () => {
  it("logs in with the runtime's session before the first request, once", async () => {
    const vault = await approleVault();
    const connection = connectVault({
      endpoint: vault.url,
      auth: { method: 'approle', roleId: 'role', secretId: SECRET_ID },
    });
    expect(connection.canLogin).toBe(true);
    await connection.ensureToken();
    await connection.ensureToken();
    await connection.client.read('secret/data/a');
    expect(vault.requests.map((r) => r.url)).toEqual(['/v1/auth/approle/login', '/v1/secret/data/a']);
  });

  it('fails a refused login with a SecretsError carrying the status, never the secret id', async () => {
    const vault = await approleVault();
    const connection = connectVault({
      endpoint: vault.url,
      auth: { method: 'approle', roleId: 'role', secretId: 'wrong' },
    });
    const error = await connection.ensureToken().catch((e: unknown) => e);
    expect(isSecretsError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      message: 'vault: approle login failed: INVALID_REQUEST; tried: approle',
    });
    expect(((error as Error).cause as Error).message).toBe('vault: request failed: HTTP 400');
    expect(JSON.stringify(error) + String(error)).not.toContain(SECRET_ID);
  });
});

describe('createSecretsManagerClient', () => {
  /** A Secrets Manager endpoint that always fails with a retryable 503. */
  async function unavailable() {
    server = await startServer((_req, res) =>
      json(
        res,
        503,
        { __type: 'ServiceUnavailable', message: 'down' },
        { 'x-amzn-errortype': 'ServiceUnavailable' },
      ),
    );
    return server;
  }
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

  it('makes one attempt by default, so the runtime alone decides on retries', async () => {
    const aws = await unavailable();
    const client = createSecretsManagerClient({ region: 'us-east-1', endpoint: aws.url, credentials });
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'a' }))).rejects.toThrow();
    client.destroy();
    expect(aws.requests).toHaveLength(1);
  });

  it('makes as many attempts as asked for', async () => {
    const aws = await unavailable();
    const client = createSecretsManagerClient({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials,
      maxAttempts: 3,
    });
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'a' }))).rejects.toThrow();
    client.destroy();
    expect(aws.requests).toHaveLength(3);
  });
});
