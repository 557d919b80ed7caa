import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError, parseCatalog } from '@locksmith/schema';
import {
  createEnvProvider,
  createFilesProvider,
  createSecretClient,
  isSecretsError,
} from '@locksmith/sdk-node';
import {
  type FakeSecretsManager,
  type FakeVault,
  startFakeSecretsManager,
  startFakeVault,
} from '@locksmith/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { serviceDescriptor } from './support/descriptors.js';
import { EXAMPLE_CATALOG } from './support/paths.js';
import { rawRequest } from './support/raw-http.js';

/**
 * Fuzzing with bounded run counts (fast-check prints the seed and the shrunk counterexample of
 * any failure; rerun with `{ seed, path }` to reproduce). Targets not covered by the packages'
 * own property tests: the fakes' HTTP parsing layer (targets, headers, raw bytes, paths), the env
 * and files providers' parsing through the whole client, and deep mutations of the catalog as JSON.
 */
let aws: FakeSecretsManager;
let vault: FakeVault;
beforeAll(async () => {
  aws = await startFakeSecretsManager();
  vault = await startFakeVault();
  aws.store.set('fuzz/known', 'known-value-0123456789');
});
afterAll(async () => {
  await aws.close();
  await vault.close();
});

const junkText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('', '{', '{"SecretId":', '[]', 'null', '{"SecretId":{"$ne":1}}', '\u0000\uFFFF'),
);
const headerValue = fc.string({
  maxLength: 40,
  unit: fc.constantFrom('a', 'Z', '0', '.', '-', '/', ' ', ';', '='),
});

/** A fake answered with an error status of its own, in its own error format, and is still alive. */
async function expectCleanAnswer(
  answer: { status: number; body: string },
  kind: 'aws' | 'vault',
): Promise<void> {
  expect(answer.status).toBeGreaterThanOrEqual(200);
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400 && answer.body !== '') {
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    expect(kind === 'aws' ? typeof body.__type : Array.isArray(body.errors)).toBe(
      kind === 'aws' ? 'string' : true,
    );
  }
}

describe('fake Secrets Manager: the HTTP parsing layer', () => {
  it('wrong or missing X-Amz-Target, odd content types and malformed bodies get a 4xx, never a crash or a hang', async () => {
    const target = fc.option(
      fc.oneof(
        fc.constantFrom(
          'secretsmanager.GetSecretValue',
          'secretsmanager.',
          'GetSecretValue',
          'kms.Decrypt',
          'secretsmanager.getsecretvalue',
        ),
        headerValue,
      ),
      { nil: undefined },
    );
    const contentType = fc.option(
      fc.constantFrom(
        'application/x-amz-json-1.1',
        'application/json',
        'text/plain',
        'application/x-amz-json-1.0; charset=utf-8',
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        target,
        contentType,
        fc.constantFrom('POST', 'GET', 'PUT', 'DELETE'),
        junkText,
        async (t, ct, method, body) => {
          const headers: Record<string, string> = {};
          if (t !== undefined) headers['x-amz-target'] = t;
          if (ct !== undefined) headers['content-type'] = ct;
          const answer = await rawRequest(aws.endpoint, { method, path: '/', headers, body });
          await expectCleanAnswer(answer, 'aws');
          if (answer.status === 200) expect(t).toMatch(/^secretsmanager\./);
        },
      ),
      { numRuns: 150 },
    );
    expect((await rawRequest(aws.endpoint, getKnown())).status).toBe(200);
  });

  it('huge, many and missing headers are refused cleanly and the server keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 120_000 }),
        async (count, size) => {
          const headers: Record<string, string> = { ...getKnown().headers };
          for (let i = 0; i < count; i++) headers[`x-fuzz-${i}`] = 'v';
          headers['x-big'] = 'b'.repeat(size);
          const answer = await rawRequest(aws.endpoint, { ...getKnown(), headers });
          // Node refuses oversized header blocks with 431 before the fake sees them.
          expect([200, 431]).toContain(answer.status);
        },
      ),
      { numRuns: 25 },
    );
    expect((await rawRequest(aws.endpoint, getKnown())).status).toBe(200);
  });
});

function getKnown() {
  return {
    method: 'POST',
    path: '/',
    headers: {
      'x-amz-target': 'secretsmanager.GetSecretValue',
      'content-type': 'application/x-amz-json-1.1',
    },
    body: JSON.stringify({ SecretId: 'fuzz/known' }),
  };
}

describe('fake Vault: bad paths, methods and bodies', () => {
  it('answers 4xx in Vault error format, never a crash or a hang', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        'secret',
        'data',
        'metadata',
        'sys',
        'auth',
        'token',
        '..',
        '.',
        '',
        '%2e%2e',
        '%00',
        'x'.repeat(300),
      ),
      fc.string({ maxLength: 12, unit: fc.constantFrom('a', '-', '_', '%', '2', 'F', '~', '*', '+', ':') }),
    );
    const path = fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`);
    const query = fc.constantFrom(
      '',
      '?version=-1',
      '?version=abc',
      '?list=true',
      '?list=maybe',
      '?version=99999999999999999999',
    );
    const token = fc.option(fc.oneof(fc.constant(''), headerValue), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        path,
        query,
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        token,
        junkText,
        async (p, q, method, t, body) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (t !== undefined) headers['x-vault-token'] = t;
          const answer = await rawRequest(vault.endpoint, { method, path: `${p}${q}`, headers, body });
          await expectCleanAnswer(answer, 'vault');
        },
      ),
      { numRuns: 150 },
    );
    const health = await rawRequest(vault.endpoint, { method: 'GET', path: '/v1/sys/health', headers: {} });
    expect(health.status).toBe(200);
  });
});

describe('a request target starting with // (once a crash: new URL read it as an authority)', () => {
  it.each(['vault', 'aws'] as const)('%s answers a request for "//" with an HTTP status', async (kind) => {
    const endpoint = kind === 'vault' ? vault.endpoint : aws.endpoint;
    const answer = await rawRequest(endpoint, { method: 'GET', path: '//', headers: {} });
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });
});

describe('env and files providers: odd input gives a value or a typed error', () => {
  const descriptor = serviceDescriptor('env');
  const oddText = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ maxLength: 60, unit: 'grapheme' }),
    fc.string({ maxLength: 60, unit: 'binary' }),
    fc.constantFrom(
      '',
      ' ',
      '0x10',
      '1e3',
      '-1',
      '5432 ',
      'NaN',
      'Infinity',
      '9'.repeat(400),
      'true',
      '{"a":1}',
    ),
  );
  const outcome = async (get: () => Promise<unknown>): Promise<string> => {
    try {
      await get();
      return 'value';
    } catch (error) {
      if (!isSecretsError(error)) throw error;
      expect(['VALIDATION_FAILED', 'NOT_FOUND']).toContain(error.code);
      return error.code;
    }
  };

  it('env: any variable values', async () => {
    await fc.assert(
      fc.asyncProperty(
        oddText,
        oddText,
        oddText,
        fc.option(oddText, { nil: undefined }),
        async (token, url, password, port) => {
          const env = {
            API_TOKEN: token,
            DATABASE_URL: url,
            DB_PASSWORD: password,
            DB_PORT: port,
            DB_REV: 'r1',
          };
          const client = createSecretClient<{ token: string; db: object }>(descriptor, {
            environment: 'test',
            provider: 'env',
            providers: { env: createEnvProvider({ env }) },
            metrics: false,
          });
          for (const name of ['token', 'db'] as const) {
            const got = await outcome(() => client.get(name));
            if (got !== 'value') continue;
            if (name === 'token') expect(client.secret('token').current()).toBe(token);
          }
          await client.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('files: any bytes in the mounted files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'locksmith-fuzz-files-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 80 }),
          fc.uint8Array({ maxLength: 40 }),
          async (tokenBytes, portBytes) => {
            rmSync(join(root, 'token'), { recursive: true, force: true });
            rmSync(join(root, 'db'), { recursive: true, force: true });
            mkdirSync(join(root, 'token'), { recursive: true });
            mkdirSync(join(root, 'db'), { recursive: true });
            writeFileSync(join(root, 'token', 'API_TOKEN'), tokenBytes);
            for (const [name, text] of Object.entries({
              DATABASE_URL: 'postgres://db/x',
              DB_PASSWORD: 'p'.repeat(20),
              DB_REV: 'r1',
            }))
              writeFileSync(join(root, 'db', name), text);
            writeFileSync(join(root, 'db', 'DB_PORT'), portBytes);
            const client = createSecretClient<{ token: string; db: object }>(serviceDescriptor('files'), {
              environment: 'test',
              provider: 'files',
              providers: { files: createFilesProvider({ root }) },
              metrics: false,
            });
            await outcome(() => client.get('token'));
            await outcome(() => client.get('db'));
            await client.close();
          },
        ),
        { numRuns: 80 },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('catalog loader: deep mutations of the example as a JSON catalog', () => {
  const example = parseYaml(readFileSync(EXAMPLE_CATALOG, 'utf8')) as unknown;

  /** Replaces the node at a random path (any depth) with an arbitrary JSON value. */
  function replaceDeep(doc: unknown, choices: readonly number[], value: unknown): unknown {
    if (choices.length === 0 || doc === null || typeof doc !== 'object') return value;
    const keys = Object.keys(doc);
    if (keys.length === 0) return value;
    const [first, ...rest] = choices;
    const key = keys[(first ?? 0) % keys.length] as string;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(doc) ? [...doc] : { ...(doc as object) };
    (copy as Record<string, unknown>)[key] = replaceDeep((doc as Record<string, unknown>)[key], rest, value);
    return copy;
  }

  it('loads or throws CatalogError, for any value at any depth', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.constantFrom('{env}', '{project}/{env}', '../..', 'ARN:*', -1, 1e308),
    );
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
        value,
        fc.boolean(),
        (path, v, asJson) => {
          const mutated = replaceDeep(example, path, v);
          try {
            parseCatalog(asJson ? JSON.stringify(mutated) : JSON.stringify(mutated, null, 2), 'fuzz.json');
          } catch (error) {
            if (!(error instanceof CatalogError)) throw error;
            expect(error.issues.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
