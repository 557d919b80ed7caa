import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { tempDir } from './helpers/cli.js';

/**
 * Catalogs built from the pieces hostile and careless authors use (colliding and reserved names,
 * long names, wildcards, broken templates, arbitrary Unicode in free text, invalid patterns),
 * serialised as JSON (which is YAML). Whatever they hold, locksmith answers with exit 0, 1 or 2,
 * never 70, and validate and gen agree on whether the catalog is acceptable.
 */
const LONG = 'a-name-that-is-long-but-still-a-legal-kubernetes-label-abcdefghi';
/** Plausible catalogs draw from the good values only; hostile ones from both. */
let hostile = true;
function pick<T>(good: readonly T[], bad: readonly T[]): fc.Arbitrary<T> {
  return fc.constant(null).chain(() => fc.constantFrom(...(hostile ? [...good, ...bad] : good)));
}
const name = pick(
  ['a', 'ab', 'a-b', 'api', 'worker', 'string', 'none', 'stores', 'prod'],
  ['default', 'external-secrets-controller', LONG],
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal lookalike is one of the hostile strings
  fc.constantFrom('*/', '-->', '`', '${x}', '\r\n', '// <<locksmith:split:0>>', 'LOCKSMITH_DESCRIPTOR__'),
);
const pattern = pick(['^[a-z]+$', 'a\nb', '^(a|b)$'], ['^(?!x).+$', '(', '\\d{2000}']);
const template = (good: readonly string[], bad: readonly string[] = []) => pick(good, bad);

const field = fc.record(
  {
    type: fc.constant('string'),
    description: text,
    title: fc.constantFrom('SecretClient', 'Database', 'X'),
    pattern,
    default: pick<string | number | boolean>(['x'], [1, true]),
    env: pick(['A', 'DB_URL'], ['1BAD']),
  },
  { requiredKeys: ['type'] },
);

const secret = (services: readonly string[]) =>
  fc.record(
    {
      description: text,
      provider: fc.constantFrom('aws', 'vault'),
      schema: fc.oneof(
        fc.record(
          { type: fc.constant('string'), pattern, minLength: fc.nat(40) },
          { requiredKeys: ['type'] },
        ),
        fc.record({
          type: fc.constant('object'),
          properties: fc.dictionary(fc.constantFrom('url', 'dataclasses', 'none', 'String', 'x_1'), field, {
            minKeys: 1,
            maxKeys: 3,
          }),
        }),
      ),
      readers: fc.constant(null).chain(() => fc.subarray(hostile ? [...services, 'ghost'] : [...services])),
      rotation: fc.record(
        { strategy: pick(['manual'], ['managed', 'dual-key']), every: fc.constantFrom('30d', '1h') },
        { requiredKeys: ['strategy'] },
      ),
      overrides: fc.dictionary(
        pick(['prod'], ['dev']),
        fc.record(
          { path: template(['ok/path', '{project}/{env}/{secret}'], ['x/*', 'a/../b']) },
          { requiredKeys: [] },
        ),
      ),
      tags: fc.dictionary(pick(['team', 'a b'], ['aws:x']), pick(['ok'], ['bad|value'])),
    },
    { requiredKeys: ['provider', 'schema', 'readers'] },
  );

const catalog = fc.uniqueArray(name, { minLength: 1, maxLength: 3 }).chain((services) =>
  fc.record({
    version: fc.constant(1),
    project: pick(['shop'], [LONG]),
    environments: fc.constantFrom(
      ['prod'],
      [{ name: 'dev', source: 'env' }, 'prod'],
      [{ name: 'prod', source: 'files' }],
    ),
    providers: fc.record(
      {
        aws: fc.record(
          {
            region: fc.constant('us-east-1'),
            accountId: fc.constant('123456789012'),
            kmsKeyId: pick(['alias/k', 'mrk-0123456789abcdef0123456789abcdef'], ['*']),
            rotationLambdaArn: template(
              ['arn:aws:lambda:us-east-1:123456789012:function:{project}-{env}-rot'],
              ['nope'],
            ),
          },
          { requiredKeys: ['region', 'accountId'] },
        ),
        vault: fc.record(
          {
            mount: pick(['secret', 'kv/apps'], ['secret/../sys', 'sys']),
            auth: fc.record(
              {
                method: fc.constantFrom('kubernetes', 'approle'),
                policy: template(['{project}-{env}-{service}'], ['{project}', 'root']),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: ['mount'] },
        ),
      },
      { requiredKeys: ['aws', 'vault'] },
    ),
    kubernetes: fc.record(
      {
        namespace: template(['{project}', '{project}-{env}-{service}'], ['{team}', 'UPPER']),
        iamRoleArn: template(
          ['arn:aws:iam::{accountId}:role/{service}-{env}'],
          ['arn:aws:iam::{accountId}:role/{project}-{env}', 'not-an-arn'],
        ),
        stores: fc.record(
          {
            aws: fc.record(
              {
                kind: fc.constantFrom('SecretStore', 'ClusterSecretStore'),
                name: template(['{service}-aws-{env}'], ['fixed', 'Bad_Name']),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    services: fc.record(
      Object.fromEntries(
        services.map((s) => [
          s,
          fc.record(
            {
              serviceAccount: fc.constant(null).chain(() => (hostile ? name : fc.constant(undefined))),
              externalSecrets: fc.boolean(),
              languages: fc.subarray(['ts', 'go', 'python'] as const, { minLength: 1 }),
            },
            { requiredKeys: [] },
          ),
        ]),
      ),
    ),
    secrets: fc.dictionary(name, secret(services), { minKeys: 1, maxKeys: 3 }),
  }),
);

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

async function run(cwd: string, args: string[]) {
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    color: false,
    stdout: () => undefined,
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stderr };
}

describe('no catalog ends in an internal error', () => {
  it('answers every generated catalog with exit 0, 1 or 2, and validate agrees with gen', async () => {
    let n = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.integer(), async (isHostile, seed) => {
        hostile = isHostile;
        const document = fc.sample(catalog, { numRuns: 1, seed })[0]!;
        const cwd = join(dir, String(n++));
        await mkdir(cwd);
        await writeFile(join(cwd, 'secrets.catalog.yaml'), JSON.stringify(document, null, 2));
        const validate = await run(cwd, ['validate']);
        const gen = await run(cwd, ['gen', '--check']);
        expect(validate.code, validate.stderr).not.toBe(70);
        expect(gen.code, gen.stderr).not.toBe(70);
        expect([0, 2]).toContain(validate.code);
        // gen --check on an empty output directory: 1 (everything missing) when the catalog is valid.
        expect(gen.code === 2, gen.stderr).toBe(validate.code === 2);
        if (validate.code === 0) accepted++;
      }),
      { numRuns: 60, seed: 1313 },
    );
    // The generator reaches both sides of the line (a control that it is not all rejections).
    expect(accepted).toBeGreaterThan(0);
  }, 600_000);
});
