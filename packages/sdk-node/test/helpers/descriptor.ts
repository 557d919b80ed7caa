import type { SecretDescriptor, ServiceDescriptor } from '../../src/types.js';

/** Canary values: any appearance in an error, log, inspect or JSON output is a leak. */
export const CANARY = {
  password: 'CANARY-pw-7f3a9c1e5b2d4f60',
  url: 'postgres://app:CANARY-url-91b2@db.internal:5432/shop',
  jwt: 'CANARY-jwt-key-0123456789abcdef0123456789abcdef',
  jwtNext: 'CANARY-jwt-key-NEXT-fedcba9876543210fedcba98765432',
  token: 'CANARY-token-5e6f7a8b9c',
};

export const databaseSecret: SecretDescriptor = {
  name: 'database',
  kind: 'object',
  schema: {
    type: 'object',
    required: ['url', 'password'],
    properties: {
      url: { type: 'string', format: 'uri' },
      password: { type: 'string', minLength: 16 },
      port: { type: 'integer', minimum: 1 },
      ssl: { type: 'boolean' },
    },
  },
  fields: [
    { name: 'url', env: 'DATABASE_URL', type: 'string', required: true },
    { name: 'password', env: 'DB_PASSWORD', type: 'string', required: true },
    { name: 'port', env: 'DB_PORT', type: 'integer', required: false, default: 5432 },
    { name: 'ssl', env: 'DB_SSL', type: 'boolean', required: false },
  ],
  rotation: { strategy: 'managed', everyMs: 30 * 86_400_000 },
  placements: {
    dev: { provider: 'aws', path: 'shop/dev/database' },
    prod: { provider: 'aws', path: 'shop/prod/database' },
  },
};

export const jwtSecret: SecretDescriptor = {
  name: 'jwt-signing-key',
  kind: 'string',
  schema: { type: 'string', minLength: 32 },
  fields: [{ name: null, env: 'JWT_SECRET', type: 'string', required: true }],
  rotation: { strategy: 'dual-key', everyMs: 90 * 86_400_000, overlapMs: 3_600_000 },
  cacheTtlMs: 60_000,
  placements: {
    dev: { provider: 'vault', path: 'shop/dev/jwt-signing-key' },
    prod: { provider: 'vault', path: 'shop/prod/jwt-signing-key' },
  },
};

export const tokenSecret: SecretDescriptor = {
  name: 'api-token',
  kind: 'string',
  schema: { type: 'string', minLength: 8 },
  fields: [{ name: null, env: 'API_TOKEN', type: 'string', required: true }],
  rotation: { strategy: 'manual' },
  placements: {
    dev: { provider: 'aws', path: 'shop/dev/api-token' },
    prod: { provider: 'aws', path: 'shop/prod/api-token' },
  },
};

/** The `api` service of a small shop: one object and two string secrets, dev and prod. */
export function shopDescriptor(extra: readonly SecretDescriptor[] = []): ServiceDescriptor {
  const secrets: Record<string, SecretDescriptor> = {};
  for (const s of [databaseSecret, jwtSecret, tokenSecret, ...extra]) secrets[s.name] = s;
  return {
    project: 'shop',
    service: 'api',
    catalogHash: 'test',
    environments: {
      dev: { source: 'store', production: false },
      prod: { source: 'store', production: true },
    },
    providers: {
      aws: { region: 'us-east-1', accountId: '123456789012' },
      vault: { mount: 'secret', authMethod: 'token', authMount: 'token', roles: { dev: 'api', prod: 'api' } },
    },
    secrets,
  };
}

/** `count` plain string secrets in AWS, for batching tests. */
export function manySecretsDescriptor(count: number): ServiceDescriptor {
  const secrets: Record<string, SecretDescriptor> = {};
  for (let i = 0; i < count; i++) {
    const name = `secret-${String(i).padStart(3, '0')}`;
    secrets[name] = {
      name,
      kind: 'string',
      schema: { type: 'string' },
      fields: [{ name: null, env: `SECRET_${i}`, type: 'string', required: true }],
      rotation: { strategy: 'manual' },
      placements: { dev: { provider: 'aws', path: `shop/dev/${name}` } },
    };
  }
  return { ...shopDescriptor(), secrets };
}
