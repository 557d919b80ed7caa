import type { ServerResponse } from 'node:http';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { createAwsProvider } from '../src/providers/aws.js';
import type { FetchRequest, FetchResult, Provider, SecretDescriptor } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import {
  CANARY,
  databaseSecret,
  jwtSecret,
  manySecretsDescriptor,
  tokenSecret,
} from './helpers/descriptor.js';
import { FakeClock } from './helpers/fake-clock.js';
import { json, type RecordedRequest, startServer } from './helpers/http-server.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
let provider: Provider | undefined;
afterEach(async () => {
  await provider?.close?.();
  await server?.close();
  server = provider = undefined;
});

const STORE: Record<string, { string?: string; binary?: string; previous?: string }> = {
  'shop/dev/database': { string: JSON.stringify({ url: CANARY.url, password: CANARY.password }) },
  'shop/dev/jwt-signing-key': { string: CANARY.jwt, previous: CANARY.jwtNext },
  'shop/dev/api-token': { binary: Buffer.from(CANARY.token).toString('base64') },
};

function entry(id: string, stage = 'AWSCURRENT') {
  const s = STORE[id];
  if (!s) return undefined;
  const previous = stage === 'AWSPREVIOUS';
  if ((previous && !s.previous) || (stage !== 'AWSCURRENT' && !previous)) return undefined;
  return {
    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}-AbCdEf`,
    Name: id,
    VersionId: previous ? 'prev-version-id' : `${id.length}-current-version-id`,
    ...(previous
      ? { SecretString: s.previous }
      : s.string
        ? { SecretString: s.string }
        : { SecretBinary: s.binary }),
    VersionStages: [stage],
    CreatedDate: 1_700_000_000.5,
  };
}

const notFound = (res: ServerResponse) =>
  json(res, 400, {
    __type: 'ResourceNotFoundException',
    message: "Secrets Manager can't find the specified secret.",
  });

/** A small AWS JSON 1.1 endpoint: GetSecretValue and BatchGetSecretValue over STORE. */
function awsHandler(req: RecordedRequest, res: ServerResponse): void {
  const target = String(req.headers['x-amz-target']);
  const input = JSON.parse(req.body) as { SecretId?: string; VersionStage?: string; SecretIdList?: string[] };
  if (target === 'secretsmanager.GetSecretValue') {
    const found = entry(input.SecretId ?? '', input.VersionStage);
    if (found) json(res, 200, found);
    else notFound(res);
    return;
  }
  if (target === 'secretsmanager.BatchGetSecretValue') {
    const ids = input.SecretIdList ?? [];
    json(res, 200, {
      SecretValues: ids.map((id) => entry(id)).filter(Boolean),
      Errors: ids
        .filter((id) => !entry(id))
        .map((id) => ({ SecretId: id, ErrorCode: 'ResourceNotFoundException', Message: 'not found' })),
    });
    return;
  }
  json(res, 400, { __type: 'UnknownOperationException', message: target });
}

async function withServer(
  handler: (req: RecordedRequest, res: ServerResponse) => void,
  requestTimeoutMs = 2_000,
) {
  server = await startServer(handler);
  provider = createAwsProvider({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret-key' },
    requestTimeoutMs,
  });
  return { server, provider };
}

const req = (
  secret: SecretDescriptor,
  stage: FetchRequest['stage'] = 'current',
  path?: string,
): FetchRequest => ({
  secret,
  placement: { provider: 'aws', path: path ?? secret.placements.dev!.path },
  environment: 'dev',
  stage,
});
const signal = () => new AbortController().signal;

function errorOf(result: FetchResult | undefined) {
  if (!result || result.ok) throw new Error('expected a failure');
  expectNoCanary(`${result.error.message} ${JSON.stringify(result.error)}`);
  return result.error;
}

describe('aws provider against a real SDK and a local HTTP server', () => {
  it('GetSecretValue for one secret: SecretString → text, SecretBinary → binary', async () => {
    const { server, provider } = await withServer(awsHandler);
    const [db] = await provider.fetch([req(databaseSecret)], signal());
    expect(db).toMatchObject({
      ok: true,
      version: { value: { kind: 'text', text: STORE['shop/dev/database']?.string } },
    });
    const [token] = await provider.fetch([req(tokenSecret)], signal());
    expect(token?.ok && token.version.value).toEqual({
      kind: 'binary',
      bytes: new Uint8Array(Buffer.from(CANARY.token)),
    });
    expect(server.requests.map((r) => r.headers['x-amz-target'])).toEqual([
      'secretsmanager.GetSecretValue',
      'secretsmanager.GetSecretValue',
    ]);
  });

  it('asks for AWSPREVIOUS and AWSPENDING by VersionStage', async () => {
    const { server, provider } = await withServer(awsHandler);
    const [previous] = await provider.fetch([req(jwtSecret, 'previous')], signal());
    expect(previous).toMatchObject({
      ok: true,
      version: { versionId: 'prev-version-id', value: { text: CANARY.jwtNext } },
    });
    const [pending] = await provider.fetch([req(jwtSecret, 'pending')], signal());
    expect(errorOf(pending).code).toBe('NOT_FOUND');
    expect(server.requests.map((r) => JSON.parse(r.body).VersionStage)).toEqual([
      'AWSPREVIOUS',
      'AWSPENDING',
    ]);
  });

  it('BatchGetSecretValue for several current values, mapping per-secret Errors', async () => {
    const { server, provider } = await withServer(awsHandler);
    const results = await provider.fetch(
      [req(databaseSecret), req(jwtSecret), req(tokenSecret, 'current', 'shop/dev/missing')],
      signal(),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(errorOf(results[2])).toMatchObject({ code: 'NOT_FOUND', secret: 'api-token' });
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      SecretIdList: ['shop/dev/database', 'shop/dev/jwt-signing-key', 'shop/dev/missing'],
    });
  });

  it('maps exception names to stable codes and never copies the AWS message', async () => {
    const cases: [string, number, string][] = [
      ['AccessDeniedException', 400, 'ACCESS_DENIED'],
      ['DecryptionFailure', 400, 'DECRYPTION_FAILED'],
      ['InvalidParameterException', 400, 'INVALID_REQUEST'],
      ['ThrottlingException', 400, 'THROTTLED'],
      ['InternalServiceError', 500, 'UNAVAILABLE'],
    ];
    let current = cases[0]!;
    const { provider } = await withServer((_req, res) =>
      json(res, current[1], { __type: current[0], message: `echo ${CANARY.password}` }),
    );
    for (const c of cases) {
      current = c;
      const error = errorOf((await provider.fetch([req(databaseSecret)], signal()))[0]);
      expect(error, c[0]).toMatchObject({ code: c[2], secret: 'database', provider: 'aws' });
    }
  });

  it('tells "marked for deletion" apart from other invalid requests', async () => {
    let message = 'You can\u2019t perform this operation on the secret because it was marked for deletion.';
    const { provider } = await withServer((_req, res) =>
      json(res, 400, { __type: 'InvalidRequestException', message }),
    );
    expect(errorOf((await provider.fetch([req(databaseSecret)], signal()))[0]).code).toBe(
      'MARKED_FOR_DELETION',
    );
    message = 'Some other invalid request';
    expect(errorOf((await provider.fetch([req(databaseSecret)], signal()))[0]).code).toBe('INVALID_REQUEST');
  });

  it('a 5xx without a body, a reset connection and a malformed body are retryable codes', async () => {
    let mode = 'plain500';
    const { provider } = await withServer((_req, res) => {
      if (mode === 'plain500') {
        res.writeHead(503);
        res.end();
      } else if (mode === 'reset') res.socket?.destroy();
      else {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end('{"VersionId": "v1", "SecretString": ');
      }
    });
    const codes: string[] = [];
    for (mode of ['plain500', 'reset', 'malformed']) {
      const error = errorOf((await provider.fetch([req(databaseSecret)], signal()))[0]);
      codes.push(error.code);
      expect(error.retryable, mode).toBe(true);
    }
    expect(codes).toEqual(['UNAVAILABLE', 'NETWORK', 'MALFORMED_RESPONSE']);
  });

  it('a hung request ends with TIMEOUT (SDK requestTimeout) and the SDK does not retry on its own', async () => {
    const { server, provider } = await withServer(() => undefined, 150);
    const error = errorOf((await provider.fetch([req(databaseSecret)], signal()))[0]);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it('throttled batch calls are one request each: maxAttempts is 1', async () => {
    const { server, provider } = await withServer((_req, res) =>
      json(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' }),
    );
    await expect(provider.fetch([req(databaseSecret), req(jwtSecret)], signal())).rejects.toMatchObject({
      code: 'THROTTLED',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('a client you pass in never multiplies retries: one cold get() costs the runtime attempts only', async () => {
    server = await startServer((req, res) =>
      req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue' && req.body.includes('throttle')
        ? json(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' })
        : json(res, 500, { __type: 'InternalServiceError', message: 'boom' }),
    );
    const callers = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret-key' },
      maxAttempts: 5,
    });
    provider = createAwsProvider({ client: callers });
    const base = manySecretsDescriptor(2);
    const descriptor = {
      ...base,
      secrets: {
        ...base.secrets,
        'secret-001': {
          ...base.secrets['secret-001']!,
          placements: { dev: { provider: 'aws' as const, path: 'throttle/me' } },
        },
      },
    };
    const client = createSecretClient<Record<string, string>>(descriptor, {
      environment: 'dev',
      providers: { aws: provider },
      processEnv: {},
      retry: { attempts: 3, baseMs: 1, capMs: 2 },
      breaker: { failureThreshold: 100 },
      metrics: false,
    });
    try {
      await expect(client.get('secret-000')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(server.requests).toHaveLength(3);
      await expect(client.get('secret-001')).rejects.toMatchObject({ code: 'THROTTLED' });
      expect(server.requests).toHaveLength(6);
      // Both at once: one BatchGetSecretValue per runtime attempt.
      const batch = await client.preload().catch((e: unknown) => e);
      expect(batch).toMatchObject({ code: 'UNAVAILABLE' });
      expect(server.requests.slice(6).map((r) => r.headers['x-amz-target'])).toEqual([
        'secretsmanager.BatchGetSecretValue',
        'secretsmanager.BatchGetSecretValue',
        'secretsmanager.BatchGetSecretValue',
      ]);
    } finally {
      await client.close();
    }
    // The caller's client is left as it was: used directly, it still retries on its own.
    expect(await callers.config.maxAttempts()).toBe(5);
    const before = server.requests.length;
    await expect(callers.send(new GetSecretValueCommand({ SecretId: 'direct' }))).rejects.toThrow();
    expect(server.requests.length - before).toBe(5);
    callers.destroy();
  });

  it('an aborted signal cancels the request', async () => {
    const controller = new AbortController();
    // The store never answers; the caller gives up once the request has reached it.
    const { provider } = await withServer(() => controller.abort());
    const [result] = await provider.fetch([req(databaseSecret)], controller.signal);
    expect(errorOf(result).code).toBe('ABORTED');
  });

  it('a client preloads 45 secrets in ⌈45/20⌉ = 3 BatchGetSecretValue calls', async () => {
    const descriptor = manySecretsDescriptor(45);
    for (const s of Object.values(descriptor.secrets))
      STORE[s.placements.dev!.path] = { string: `v-${s.name}` };
    const { server, provider } = await withServer(awsHandler);
    const client = createSecretClient<Record<string, string>>(descriptor, {
      environment: 'dev',
      providers: { aws: provider },
      processEnv: {},
      clock: new FakeClock(),
      metrics: false,
    });
    try {
      await client.preload();
      expect(await client.get('secret-044')).toBe('v-secret-044');
    } finally {
      await client.close();
    }
    expect(server.requests.map((r) => JSON.parse(r.body).SecretIdList.length).sort()).toEqual([20, 20, 5]);
  });

  it('is built from the catalog by the client with awsEndpoint and the SDK credential chain', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIATEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret-key');
    server = await startServer(awsHandler);
    const client = createSecretClient<{ database: { url: string; port: number } }>(
      { ...manySecretsDescriptor(0), secrets: { database: databaseSecret } },
      { environment: 'dev', awsEndpoint: server.url, processEnv: {}, clock: new FakeClock(), metrics: false },
    );
    try {
      expect(await client.get('database')).toEqual({
        url: CANARY.url,
        password: CANARY.password,
        port: 5432,
      });
      expect(server.requests[0]?.headers.authorization).toContain('AKIATEST');
    } finally {
      await client.close();
      vi.unstubAllEnvs();
    }
  });
});

describe('aws provider: batch answers, pagination and the shapes AWS can answer with', () => {
  it('follows NextToken until the batch has every secret, and finds a secret asked for by ARN', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/dev/jwt-signing-key-AbCdEf';
    const { server, provider } = await withServer((r, res) => {
      const input = JSON.parse(r.body) as { SecretIdList: string[]; NextToken?: string };
      // One secret per page, as AWS pages a batch whose values exceed its response size.
      const page = input.NextToken === undefined ? 0 : Number(input.NextToken);
      const id = input.SecretIdList[page]!;
      const found = entry(id === arn ? 'shop/dev/jwt-signing-key' : id);
      json(res, 200, {
        SecretValues: found ? [found] : [],
        ...(page + 1 < input.SecretIdList.length ? { NextToken: String(page + 1) } : {}),
      });
    });
    const results = await provider.fetch(
      [req(databaseSecret), req(jwtSecret, 'current', arn), req(tokenSecret)],
      signal(),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(results[1]).toMatchObject({ ok: true, version: { value: { text: CANARY.jwt } } });
    expect(server.requests.map((r) => JSON.parse(r.body).NextToken)).toEqual([undefined, '1', '2']);
  });

  it('a policy without BatchGetSecretValue: one GetSecretValue per secret instead', async () => {
    const { server, provider } = await withServer((r, res) => {
      if (r.headers['x-amz-target'] === 'secretsmanager.BatchGetSecretValue')
        return json(res, 400, { __type: 'AccessDeniedException', message: 'not allowed' });
      awsHandler(r, res);
    });
    const results = await provider.fetch([req(databaseSecret), req(jwtSecret)], signal());
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(server.requests.map((r) => r.headers['x-amz-target'])).toEqual([
      'secretsmanager.BatchGetSecretValue',
      'secretsmanager.GetSecretValue',
      'secretsmanager.GetSecretValue',
    ]);
  });

  it('current values go in one batch and other stages one call each, answers in request order', async () => {
    const { server, provider } = await withServer(awsHandler);
    const results = await provider.fetch(
      [req(jwtSecret, 'previous'), req(databaseSecret), req(jwtSecret)],
      signal(),
    );
    expect(results).toMatchObject([
      { ok: true, version: { versionId: 'prev-version-id' } },
      { ok: true, version: { value: { text: STORE['shop/dev/database']?.string } } },
      { ok: true, version: { value: { text: CANARY.jwt } } },
    ]);
    expect(server.requests.map((r) => r.headers['x-amz-target']).sort()).toEqual([
      'secretsmanager.BatchGetSecretValue',
      'secretsmanager.GetSecretValue',
    ]);
  });

  it('a batch that leaves a secret out, or answers without VersionId or value: MALFORMED_RESPONSE per secret', async () => {
    const { provider } = await withServer((_r, res) =>
      json(res, 200, {
        SecretValues: [
          { Name: 'shop/dev/database', SecretString: '{}' },
          { Name: 'shop/dev/jwt-signing-key', VersionId: 'v1' },
        ],
        Errors: [{ ErrorCode: 'InternalServiceError', Message: 'no SecretId: ignored' }],
      }),
    );
    const results = await provider.fetch([req(databaseSecret), req(jwtSecret), req(tokenSecret)], signal());
    expect(results.map((r) => errorOf(r))).toMatchObject([
      {
        code: 'MALFORMED_RESPONSE',
        secret: 'database',
        message: 'aws: response has no VersionId (secret "database")',
      },
      {
        code: 'MALFORMED_RESPONSE',
        secret: 'jwt-signing-key',
        message: 'aws: response has neither SecretString nor SecretBinary (secret "jwt-signing-key")',
      },
      {
        code: 'MALFORMED_RESPONSE',
        secret: 'api-token',
        message: 'aws: batch response omitted secret "api-token"',
      },
    ]);
  });

  it('a per-secret batch error is named by its AWS error code, never its message', async () => {
    const { provider } = await withServer((_r, res) =>
      json(res, 200, {
        SecretValues: [],
        Errors: [
          {
            SecretId: 'shop/dev/database',
            ErrorCode: 'DecryptionFailure',
            Message: `echo ${CANARY.password}`,
          },
          { SecretId: 'shop/dev/jwt-signing-key' },
        ],
      }),
    );
    const [db, jwt] = await provider.fetch([req(databaseSecret), req(jwtSecret)], signal());
    expect(errorOf(db)).toMatchObject({
      code: 'DECRYPTION_FAILED',
      secret: 'database',
      provider: 'aws',
      message: 'aws: batch entry failed: DecryptionFailure (secret "database")',
    });
    expect(errorOf(jwt)).toMatchObject({
      code: 'MALFORMED_RESPONSE',
      message: 'aws: batch entry failed: unknown (secret "jwt-signing-key")',
    });
  });

  it('reports the store creation date (CreatedDate) of a version', async () => {
    const { provider } = await withServer(awsHandler);
    const [db] = await provider.fetch([req(databaseSecret)], signal());
    expect(db?.ok && db.version.createdAt).toEqual(new Date(1_700_000_000_500));
  });

  it('close() destroys only a client the provider built: a client you pass in keeps working', async () => {
    server = await startServer(awsHandler);
    const yours = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret-key' },
    });
    try {
      await createAwsProvider({ client: yours }).close?.();
      const output = await yours.send(new GetSecretValueCommand({ SecretId: 'shop/dev/database' }));
      expect(output.VersionId).toBeDefined();
    } finally {
      yours.destroy();
    }
  });
});

describe('aws error mapping: every exception and transport failure has its stable code', () => {
  it('maps each documented exception name, whatever the HTTP status says', async () => {
    const cases: [exception: string, status: number, code: string][] = [
      ['UnrecognizedClientException', 400, 'ACCESS_DENIED'],
      ['InvalidSignatureException', 403, 'ACCESS_DENIED'],
      ['ExpiredTokenException', 400, 'AUTH_FAILED'],
      ['InvalidNextTokenException', 400, 'INVALID_REQUEST'],
      ['ValidationException', 400, 'INVALID_REQUEST'],
      ['TooManyRequestsException', 400, 'THROTTLED'],
      ['RequestLimitExceeded', 400, 'THROTTLED'],
      ['InternalFailure', 400, 'UNAVAILABLE'],
      ['ServiceUnavailable', 400, 'UNAVAILABLE'],
      ['RequestTimeout', 400, 'TIMEOUT'],
      // Exceptions this runtime does not know: the status decides.
      ['SomethingNew', 500, 'UNAVAILABLE'],
      ['SomethingNew', 429, 'THROTTLED'],
      ['SomethingNew', 400, 'INVALID_REQUEST'],
      ['SomethingNew', 499, 'INVALID_REQUEST'],
    ];
    let current = cases[0]!;
    const { provider } = await withServer((_req, res) =>
      json(res, current[1], { __type: current[0], message: `echo ${CANARY.token}` }),
    );
    const got: string[] = [];
    for (const c of cases) {
      current = c;
      const error = errorOf((await provider.fetch([req(databaseSecret)], signal()))[0]);
      got.push(`${c[0]} ${c[1]} → ${error.code}`);
      expect(error.message).toBe(`aws: secret "database" failed: ${c[0]} (HTTP ${c[1]})`);
    }
    expect(got).toEqual(cases.map((c) => `${c[0]} ${c[1]} → ${c[2]}`));
  });

  it('a store that cannot be reached is NETWORK; a missing credential chain is AUTH_FAILED', async () => {
    // A port nobody listens on: connection refused.
    const closed = await startServer(() => undefined);
    await closed.close();
    const refused = createAwsProvider({
      region: 'us-east-1',
      endpoint: closed.url,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret-key' },
    });
    // The SDK's default chain throws CredentialsProviderError when it finds no credentials.
    const withoutCredentials = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: closed.url,
      credentials: () =>
        Promise.reject(
          Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
        ),
    });
    const noCredentials = createAwsProvider({ client: withoutCredentials });
    try {
      expect(errorOf((await refused.fetch([req(databaseSecret)], signal()))[0])).toMatchObject({
        code: 'NETWORK',
        retryable: true,
        message: 'aws: secret "database" failed: ECONNREFUSED',
      });
      expect(errorOf((await noCredentials.fetch([req(databaseSecret)], signal()))[0])).toMatchObject({
        code: 'AUTH_FAILED',
        retryable: false,
      });
    } finally {
      await refused.close?.();
      withoutCredentials.destroy();
    }
  });
});
