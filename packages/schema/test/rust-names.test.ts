import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog, planRustNames, rustSnakeName, rustTypeName } from '../src/index.js';

const catalog = (fields: string, services = 'ledger-rs: { languages: [rust] }') => `version: 1
project: p
environments: [prod]
providers:
  aws: { region: us-east-1, accountId: "123456789012" }
services:
  ${services}
secrets:
  db:
    provider: aws
    schema:
      type: object
      properties:
${fields}
    readers: [ledger-rs]
`;

function issuesOf(text: string) {
  try {
    parseCatalog(text, 'rust.catalog.yaml');
  } catch (error) {
    if (error instanceof CatalogError) return error.issues;
    throw error;
  }
  return [];
}

describe('Rust names', () => {
  it('mangles keywords instead of reporting them', () => {
    expect(rustSnakeName('type')).toBe('type_');
    expect(rustSnakeName('self')).toBe('self_');
    expect(rustSnakeName('Self')).toBe('self_');
    expect(rustSnakeName('jwtSigningKey')).toBe('jwt_signing_key');
    expect(rustSnakeName('9lives')).toBe('_9lives');
    expect(rustTypeName('jwt-signing-key')).toBe('JwtSigningKey');
    const fields =
      '        type: { type: string }\n        match: { type: string }\n        self: { type: string }';
    expect(issuesOf(catalog(fields))).toEqual([]);
  });

  it('reports fields that differ only in case or punctuation, located at the later key', () => {
    const fields =
      '        userName: { type: string }\n        user_name: { type: string, env: DB_USER_NAME_2 }';
    const [issue, ...rest] = issuesOf(catalog(fields));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      code: 'rust-name-collision',
      pointer: '/secrets/db/schema/properties/user_name',
      line: 15,
      column: 9,
    });
    expect(issue!.message).toBe(
      'fields "userName" and "user_name" of secret "db" would both be the Rust field user_name',
    );
  });

  it('checks only services that ask for Rust', () => {
    const fields =
      '        userName: { type: string }\n        user_name: { type: string, env: DB_USER_NAME_2 }';
    expect(issuesOf(catalog(fields, 'ledger-rs: {}'))).toEqual([]);
  });

  it('renames secrets that take a name of the module, and reports true collisions', () => {
    const plan = planRustNames('svc', [
      { name: 'secrets', pointer: '/secrets/secrets', fields: [] },
      { name: 'runtime', pointer: '/secrets/runtime', fields: [] },
      { name: 'key-2', pointer: '/secrets/key-2', fields: [] },
      { name: 'key2', pointer: '/secrets/key2', fields: [] },
    ]);
    expect(plan.types.get('secrets')).toBe('SecretsSecret');
    expect(plan.members.get('runtime')).toBe('runtime_secret');
    expect(plan.collisions).toEqual([
      {
        pointer: '/secrets/key2',
        message: 'secrets "key-2" and "key2" would both be the Rust type Key2 in the module of "svc"',
      },
    ]);
  });
});
