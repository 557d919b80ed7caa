import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSecretsManager, startFakeSecretsManager } from '../src/index.js';

const OPS = [
  'CreateSecret',
  'GetSecretValue',
  'BatchGetSecretValue',
  'PutSecretValue',
  'UpdateSecretVersionStage',
  'DescribeSecret',
  'ListSecrets',
  'DeleteSecret',
  'RestoreSecret',
  'RotateSecret',
  'ListSecretVersionIds',
  'UpdateSecret',
  'TagResource',
  'UntagResource',
];
const FIELDS = [
  'Name',
  'SecretId',
  'SecretString',
  'SecretBinary',
  'VersionId',
  'VersionStage',
  'VersionStages',
  'SecretIdList',
  'Filters',
  'MaxResults',
  'NextToken',
  'RecoveryWindowInDays',
  'ForceDeleteWithoutRecovery',
  'MoveToVersionId',
  'RemoveFromVersionId',
  'ClientRequestToken',
  'Tags',
  'RotationLambdaARN',
  'RotationRules',
  'IncludeDeprecated',
  'TagKeys',
  'Description',
];

let fake: FakeSecretsManager;
beforeAll(async () => {
  fake = await startFakeSecretsManager();
  fake.store.create('known', 'v');
});
afterAll(() => fake.close());

describe('fake Secrets Manager input robustness', () => {
  it('answers any JSON input with 200 or a typed 400, never a 500', async () => {
    const anyValue = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -5, max: 40 }),
      fc.constantFrom('known', 'missing', 'AWSCURRENT', 'AWSPREVIOUS', '', 'name'),
      fc.array(fc.constantFrom('known', 'missing', 'AWSPENDING'), { maxLength: 3 }),
      fc.array(
        fc.oneof(
          fc.constant(null),
          fc.record({ Key: fc.constantFrom('name', 'bogus'), Values: fc.constant(['k']) }),
        ),
        {
          maxLength: 2,
        },
      ),
      fc.dictionary(
        fc.constantFrom('Key', 'Value', 'AutomaticallyAfterDays'),
        fc.oneof(fc.string(), fc.integer()),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPS),
        fc.dictionary(fc.constantFrom(...FIELDS), anyValue),
        async (op, body) => {
          const res = await fetch(fake.endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${op}` },
            body: JSON.stringify(body),
          });
          const json = (await res.json()) as { __type?: string };
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) expect(typeof json.__type).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  });
});
