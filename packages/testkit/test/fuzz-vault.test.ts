import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVault, startFakeVault } from '../src/index.js';

let fake: FakeVault;
beforeAll(async () => {
  fake = await startFakeVault();
  fake.kv.put('app/db', { password: 'p' });
  fake.addAppRole('r', { policies: ['default'], roleId: 'rid', secretId: 'sid' });
  fake.addKubernetesRole('k', {
    boundServiceAccountNames: ['*'],
    boundServiceAccountNamespaces: ['*'],
    policies: [],
  });
});
afterAll(() => fake.close());

describe('fake Vault input robustness', () => {
  it('answers any method, path and JSON body without a 500', async () => {
    const segment = fc.constantFrom(
      'secret',
      'data',
      'metadata',
      'delete',
      'undelete',
      'destroy',
      'app',
      'db',
      'auth',
      'token',
      'approle',
      'kubernetes',
      'login',
      'lookup-self',
      'renew-self',
      'sys',
      'health',
      'policy',
      'x',
    );
    const value = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -2, max: 5 }),
      fc.string({ maxLength: 6 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'cas'), fc.integer()),
    );
    const body = fc.dictionary(
      fc.constantFrom(
        'data',
        'options',
        'versions',
        'role_id',
        'secret_id',
        'role',
        'jwt',
        'increment',
        'policy',
        'max_versions',
        'token',
      ),
      value,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('', '?list=true', '?version=1', '?version=x'),
        body,
        fc.boolean(),
        async (method, segments, query, json, withToken) => {
          const res = await fetch(`${fake.endpoint}/v1/${segments.join('/')}${query}`, {
            method,
            headers: withToken ? { 'x-vault-token': fake.rootToken } : {},
            ...(method === 'GET' ? {} : { body: JSON.stringify(json) }),
          });
          await res.arrayBuffer();
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });
});
