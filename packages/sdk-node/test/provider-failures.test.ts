import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretsError } from '../src/errors.js';
import { createAwsProvider } from '../src/providers/aws.js';
import { fromAwsError } from '../src/providers/aws-errors.js';
import { createEnvProvider } from '../src/providers/env.js';
import { createFallbackProvider } from '../src/providers/fallback.js';
import { createFilesProvider } from '../src/providers/files.js';
import { fromVaultError } from '../src/providers/vault-errors.js';
import type { FetchRequest, FetchResult, Provider, SecretsErrorCode } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY, databaseSecret, jwtSecret } from './helpers/descriptor.js';
import { json, startServer } from './helpers/http-server.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

const signal = new AbortController().signal;
const request = (secret = databaseSecret, stage: FetchRequest['stage'] = 'current'): FetchRequest => ({
  secret,
  placement: secret.placements.dev!,
  environment: 'dev',
  stage,
});

/** The error of a failed result, checked to carry no canary in its message or JSON. */
function errorOf(result: FetchResult | undefined): SecretsError {
  if (!result || result.ok) throw new Error('expected a failure');
  expectNoCanary(`${result.error.message} ${JSON.stringify(result.error)}`);
  return result.error as SecretsError;
}

/** A Node system error as sockets and DNS raise it (what the SDK and node-vault pass on). */
const systemError = (code: string) =>
  Object.assign(new Error(`connect ${code} ${CANARY.token}`), { code, syscall: 'connect' });

describe('aws error mapping', () => {
  it('the exception name decides, even when the HTTP status would say otherwise (real SDK client)', async () => {
    const cases: [exception: string, status: number, code: SecretsErrorCode][] = [
      ['InvalidParameterException', 500, 'INVALID_REQUEST'],
      ['InvalidNextTokenException', 500, 'INVALID_REQUEST'],
      ['ValidationException', 500, 'INVALID_REQUEST'],
      ['InternalServiceError', 400, 'UNAVAILABLE'],
      ['ThrottlingException', 500, 'THROTTLED'],
      ['AccessDeniedException', 500, 'ACCESS_DENIED'],
      ['SomethingNew', 302, 'MALFORMED_RESPONSE'],
    ];
    let current = cases[0]!;
    const server = await startServer((_req, res) =>
      json(res, current[1], { __type: current[0], message: `echo ${CANARY.password}` }),
    );
    const provider = createAwsProvider({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret-key' },
    });
    const got: string[] = [];
    try {
      for (const c of cases) {
        current = c;
        const error = errorOf((await provider.fetch([request()], signal))[0]);
        got.push(`${c[0]} ${c[1]} → ${error.code} ${error.provider}`);
      }
    } finally {
      await provider.close?.();
      await server.close();
    }
    expect(got).toEqual(cases.map((c) => `${c[0]} ${c[1]} → ${c[2]} aws`));
  });

  it('transport failures by their system code; the message of the original is never copied', () => {
    const cases: [error: unknown, code: SecretsErrorCode, message: string][] = [
      [systemError('ECONNRESET'), 'NETWORK', 'aws: secret "database" failed: ECONNRESET'],
      [systemError('EPIPE'), 'NETWORK', 'aws: secret "database" failed: EPIPE'],
      [systemError('ENOTFOUND'), 'NETWORK', 'aws: secret "database" failed: ENOTFOUND'],
      [systemError('EAI_AGAIN'), 'NETWORK', 'aws: secret "database" failed: EAI_AGAIN'],
      [systemError('EHOSTUNREACH'), 'NETWORK', 'aws: secret "database" failed: EHOSTUNREACH'],
      [systemError('ETIMEDOUT'), 'TIMEOUT', 'aws: secret "database" failed: ETIMEDOUT'],
      [systemError('ESOCKETTIMEDOUT'), 'TIMEOUT', 'aws: secret "database" failed: ESOCKETTIMEDOUT'],
      [
        Object.assign(new Error(`aborted ${CANARY.token}`), { name: 'AbortError' }),
        'ABORTED',
        'aws: secret "database" failed: AbortError',
      ],
      [
        Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
        'TIMEOUT',
        'aws: secret "database" failed: TimeoutError',
      ],
      [new Error(`socket hang up ${CANARY.token}`), 'NETWORK', 'aws: secret "database" failed: Error'],
      [
        new SyntaxError(`Unexpected token in ${CANARY.token}`),
        'MALFORMED_RESPONSE',
        'aws: secret "database" failed: SyntaxError',
      ],
      [new Error(`odd ${CANARY.token}`), 'MALFORMED_RESPONSE', 'aws: secret "database" failed: Error'],
      [`thrown text ${CANARY.token}`, 'MALFORMED_RESPONSE', 'aws: secret "database" failed: Error'],
      [
        Object.assign(new Error('x'), { name: 'Weird', $fault: 'server' }),
        'MALFORMED_RESPONSE',
        'aws: secret "database" failed: Weird',
      ],
      [
        Object.assign(new Error('x'), { name: 'Weird', $metadata: { httpStatusCode: 503 } }),
        'UNAVAILABLE',
        'aws: secret "database" failed: Weird (HTTP 503)',
      ],
    ];
    const got = cases.map(([error]) => fromAwsError(error, 'database'));
    for (const e of got) expectNoCanary(`${e.message} ${JSON.stringify(e)}`);
    expect(got.map((e) => [e.code, e.message, e.provider])).toEqual(cases.map(([, c, m]) => [c, m, 'aws']));
    expect(fromAwsError(systemError('EPIPE'), undefined).message).toBe('aws: request failed: EPIPE');
    const ours = new SecretsError('THROTTLED', 'aws: busy', { provider: 'aws' });
    expect(fromAwsError(ours, undefined)).toBe(ours);
    expect(fromAwsError(ours, 'database')).toMatchObject({ code: 'THROTTLED', secret: 'database' });
  });
});

describe('aws: an abort cancels the request itself', () => {
  it('a batch or a single call to a store that never answers ends at once, not at the socket timeout', async () => {
    // The caller gives up as soon as its request has reached the store, which never answers.
    let arrived = (): void => undefined;
    const server = await startServer(() => arrived());
    const provider = createAwsProvider({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret-key' },
      // Far beyond the test's budget: only the abort can end these calls in time.
      requestTimeoutMs: 600_000,
    });
    try {
      const batch = new AbortController();
      arrived = () => batch.abort();
      const batchResult = await provider
        .fetch([request(), request(jwtSecret)], batch.signal)
        .catch((e: unknown) => e);
      expect(batchResult).toMatchObject({ code: 'ABORTED' });
      const single = new AbortController();
      arrived = () => single.abort();
      expect(errorOf((await provider.fetch([request()], single.signal))[0]).code).toBe('ABORTED');
    } finally {
      await provider.close?.();
      await server.close();
    }
  });
});

describe('vault error mapping', () => {
  it('statuses and transport failures have stable codes; the original (it holds the token header) is dropped', () => {
    const status = (statusCode: number) =>
      Object.assign(new Error(`${statusCode} ${CANARY.token}`), {
        response: { statusCode, body: CANARY.token },
      });
    const cases: [error: unknown, code: SecretsErrorCode, message: string][] = [
      [status(500), 'UNAVAILABLE', 'vault: secret "database" failed: HTTP 500'],
      [status(502), 'UNAVAILABLE', 'vault: secret "database" failed: HTTP 502'],
      [status(400), 'INVALID_REQUEST', 'vault: secret "database" failed: HTTP 400'],
      [systemError('ECONNABORTED'), 'TIMEOUT', 'vault: secret "database" failed: ECONNABORTED'],
      [systemError('ETIMEDOUT'), 'TIMEOUT', 'vault: secret "database" failed: ETIMEDOUT'],
      [systemError('ESOCKETTIMEDOUT'), 'TIMEOUT', 'vault: secret "database" failed: ESOCKETTIMEDOUT'],
      [
        systemError('ERR_BAD_RESPONSE'),
        'MALFORMED_RESPONSE',
        'vault: secret "database" failed: ERR_BAD_RESPONSE',
      ],
      [systemError('ECONNREFUSED'), 'NETWORK', 'vault: secret "database" failed: ECONNREFUSED'],
      [
        new Error(`odd ${CANARY.token}`),
        'MALFORMED_RESPONSE',
        'vault: secret "database" failed: unknown error',
      ],
      [null, 'MALFORMED_RESPONSE', 'vault: secret "database" failed: unknown error'],
    ];
    const got = cases.map(([error]) => fromVaultError(error, 'database'));
    for (const e of got) expectNoCanary(`${e.message} ${JSON.stringify(e)}`);
    expect(got.map((e) => [e.code, e.message, e.provider, e.secret])).toEqual(
      cases.map(([, c, m]) => [c, m, 'vault', 'database']),
    );
    expect(fromVaultError(status(404), undefined).message).toBe('vault: request failed: HTTP 404');
  });
});

describe('files provider: what cannot be read', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'locksmith-files-fail-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a missing secret directory, or a file where the directory should be, is NOT_FOUND naming the path', async () => {
    const provider = createFilesProvider({ root });
    const missing = errorOf((await provider.fetch([request()], signal))[0]);
    expect(missing).toMatchObject({
      code: 'NOT_FOUND',
      provider: 'files',
      message: `files: secret "database" cannot open ${join(root, 'database')}`,
    });
    writeFileSync(join(root, 'database'), CANARY.password);
    const notADirectory = errorOf((await provider.fetch([request()], signal))[0]);
    expect(notADirectory.code).toBe('NOT_FOUND');
    await provider.close?.();
  });

  it('a field file that cannot be read (a directory) is UNAVAILABLE with its errno, not missing', async () => {
    mkdirSync(join(root, 'database', 'DB_PASSWORD'), { recursive: true });
    writeFileSync(join(root, 'database', 'DATABASE_URL'), CANARY.url);
    const provider = createFilesProvider({ root });
    expect(errorOf((await provider.fetch([request()], signal))[0])).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'files: secret "database" cannot read DB_PASSWORD (EISDIR)',
    });
  });

  it('a secret directory that is the parent of the root itself (`..`) fails with UNSAFE_PATH', async () => {
    const provider = createFilesProvider({ root: join(root, 'mounts'), directoryOf: () => '..' });
    writeFileSync(join(root, 'DATABASE_URL'), CANARY.url);
    writeFileSync(join(root, 'DB_PASSWORD'), CANARY.password);
    expect(errorOf((await provider.fetch([request()], signal))[0])).toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('has no previous version on disk', async () => {
    const provider = createFilesProvider({ root });
    expect(errorOf((await provider.fetch([request(jwtSecret, 'previous')], signal))[0])).toMatchObject({
      code: 'NOT_FOUND',
      message: 'files: secret "jwt-signing-key" has no previous version on disk',
    });
  });

  it('a plain directory: optional files may be absent, the newest file dates the version, the id counts changes', async () => {
    const dir = join(root, 'database');
    mkdirSync(dir);
    writeFileSync(join(dir, 'DATABASE_URL'), CANARY.url);
    writeFileSync(join(dir, 'DB_PASSWORD'), CANARY.password);
    const older = new Date(Date.UTC(2026, 0, 1));
    const newer = new Date(Date.UTC(2026, 0, 5));
    utimesSync(join(dir, 'DATABASE_URL'), newer, newer);
    utimesSync(join(dir, 'DB_PASSWORD'), older, older);
    const provider = createFilesProvider({ root });
    const versions = async () => {
      const [result] = await provider.fetch([request()], signal);
      if (!result?.ok) throw new Error('expected a value');
      return result.version;
    };
    const first = await versions();
    expect(first).toMatchObject({ versionId: 'files-1', createdAt: newer });
    expect((await versions()).versionId).toBe('files-1');
    writeFileSync(join(dir, 'DB_PASSWORD'), `${CANARY.password}-2`);
    expect((await versions()).versionId).toBe('files-2');
  });
});

describe('env provider: stages and optional variables', () => {
  it('has no previous version, and an optional variable without default may be unset', async () => {
    const provider = createEnvProvider({ env: { DATABASE_URL: CANARY.url, DB_PASSWORD: CANARY.password } });
    const [previous, current] = await provider.fetch(
      [request(databaseSecret, 'previous'), request()],
      signal,
    );
    expect(errorOf(previous)).toMatchObject({
      code: 'NOT_FOUND',
      provider: 'env',
      message: 'env: secret "database" has no previous version',
    });
    expect(current).toMatchObject({
      ok: true,
      version: { value: { fields: { url: CANARY.url, password: CANARY.password } } },
    });
  });
});

describe('fallback chain', () => {
  /** A store that throws for the whole call. */
  const throwing = (name: string, code: SecretsErrorCode): Provider => ({
    name,
    maxBatchSize: 5,
    fetch: () => Promise.reject(new SecretsError(code, `${name} is down`, { provider: name })),
  });

  it('needs a store; one store is used as it is', () => {
    expect(() => createFallbackProvider([])).toThrow('createFallbackProvider: empty chain');
    const only = new ScriptedProvider('only');
    expect(createFallbackProvider([only])).toBe(only);
  });

  it('batches no more than its smallest store takes, and names every store', () => {
    const chain = createFallbackProvider([new ScriptedProvider('a', 20), new ScriptedProvider('b', 3)]);
    expect(chain).toMatchObject({ name: 'a>b', maxBatchSize: 3 });
  });

  it('a store that throws is skipped for the next one; the last one throwing fails the call', async () => {
    const backup = new ScriptedProvider('backup').set('database', 'v1', 'x');
    const chain = createFallbackProvider([throwing('primary', 'UNAVAILABLE'), backup]);
    expect(await chain.fetch([request()], signal)).toMatchObject([
      { ok: true, version: { versionId: 'v1' } },
    ]);
    const failing = createFallbackProvider([backup, throwing('last', 'THROTTLED')]);
    backup.secretErrors.set('database', 'NOT_FOUND');
    await expect(failing.fetch([request()], signal)).rejects.toMatchObject({ code: 'THROTTLED' });
  });

  it('asks the next store only for what failed, keeps the first failure when all fail, and stops once all succeed', async () => {
    const first = new ScriptedProvider('first').set('database', 'd1', 'x');
    first.secretErrors.set('jwt-signing-key', 'NOT_FOUND');
    const second = new ScriptedProvider('second');
    second.secretErrors.set('jwt-signing-key', 'ACCESS_DENIED');
    const third = new ScriptedProvider('third');
    third.secretErrors.set('jwt-signing-key', 'THROTTLED');
    const chain = createFallbackProvider([first, second, third]);
    const [db, jwt] = await chain.fetch([request(), request(jwtSecret)], signal);
    expect(db).toMatchObject({ ok: true, version: { versionId: 'd1' } });
    expect(errorOf(jwt)).toMatchObject({ code: 'NOT_FOUND' });
    expect(second.calls.map((c) => c.map((r) => r.secret.name))).toEqual([['jwt-signing-key']]);
    expect(third.calls.map((c) => c.map((r) => r.secret.name))).toEqual([['jwt-signing-key']]);
    first.secretErrors.clear();
    first.set('jwt-signing-key', 'j1', 'y');
    await chain.fetch([request(), request(jwtSecret)], signal);
    expect(second.calls).toHaveLength(1);
  });

  it('watches every store that can watch, and its stop function stops them all', () => {
    const a = new ScriptedProvider('a');
    const b = new ScriptedProvider('b');
    const seen: string[][] = [];
    const stop = createFallbackProvider([a, throwing('no-watch', 'UNAVAILABLE'), b]).watch!((names) =>
      seen.push([...names]),
    );
    a.notify(['database']);
    b.notify(['api-token']);
    stop();
    a.notify(['jwt-signing-key']);
    b.notify(['jwt-signing-key']);
    expect(seen).toEqual([['database'], ['api-token']]);
  });

  it('close() closes every store in it', async () => {
    const closed: string[] = [];
    const closing = (name: string): Provider => ({
      name,
      maxBatchSize: 1,
      fetch: async () => [],
      close: async () => {
        closed.push(name);
      },
    });
    await createFallbackProvider([closing('a'), new ScriptedProvider('b'), closing('c')]).close?.();
    expect(closed).toEqual(['a', 'c']);
  });
});
