import type { SecretDescriptor, ServiceDescriptor } from '@locksmith/sdk-node';

/** The environment every reliability scenario runs in. */
export const ENV = 'test';

/** Stores a scenario can run against. */
export type StoreKind = 'aws' | 'vault' | 'env' | 'files';

const place = (store: StoreKind, name: string) => ({
  // env and files ignore the placement; the catalog still names a real store for them.
  provider: store === 'vault' ? ('vault' as const) : ('aws' as const),
  path: `reliability/${ENV}/${name}`,
});

/** A string secret (`token`, env `API_TOKEN`) of at least 16 characters; `overlapMs` as the catalog's `rotation.overlap`. */
export function tokenSecret(store: StoreKind, overlapMs?: number): SecretDescriptor {
  return {
    name: 'token',
    kind: 'string',
    schema: { type: 'string', minLength: 16 },
    fields: [{ name: null, env: 'API_TOKEN', type: 'string', required: true }],
    rotation: { strategy: 'dual-key', ...(overlapMs === undefined ? {} : { overlapMs }) },
    placements: { [ENV]: place(store, 'token') },
  };
}

/** Name of the `i`-th extra plain secret of a scenario. */
export const extraName = (i: number): string => `extra-${String(i).padStart(3, '0')}`;

/** A plain string secret, for scenarios with many secrets behind one store. */
export function extraSecret(store: StoreKind, i: number): SecretDescriptor {
  const name = extraName(i);
  return {
    name,
    kind: 'string',
    schema: { type: 'string', minLength: 8 },
    fields: [{ name: null, env: `EXTRA_${i}`, type: 'string', required: true }],
    rotation: { strategy: 'manual' },
    placements: { [ENV]: place(store, name) },
  };
}

/** An object secret (`db`) whose `rev` field marks the version every other field came from. */
export function dbSecret(store: StoreKind): SecretDescriptor {
  return {
    name: 'db',
    kind: 'object',
    schema: {
      type: 'object',
      required: ['url', 'password', 'rev'],
      properties: {
        url: { type: 'string', format: 'uri' },
        password: { type: 'string', minLength: 16 },
        port: { type: 'integer', minimum: 1 },
        rev: { type: 'string' },
      },
    },
    fields: [
      { name: 'url', env: 'DATABASE_URL', type: 'string', required: true },
      { name: 'password', env: 'DB_PASSWORD', type: 'string', required: true },
      { name: 'port', env: 'DB_PORT', type: 'integer', required: false },
      { name: 'rev', env: 'DB_REV', type: 'string', required: true },
    ],
    rotation: { strategy: 'managed' },
    placements: { [ENV]: place(store, 'db') },
  };
}

/** What a scenario's service reads besides `token` and `db`. */
export interface DescriptorOptions {
  readonly tokenOverlapMs?: number;
  readonly extraSecrets?: number;
}

/** The service `api` reading `token` and `db` (and `extra-NNN`) from one store in environment `test`. */
export function serviceDescriptor(store: StoreKind, options: DescriptorOptions = {}): ServiceDescriptor {
  const extras = Array.from({ length: options.extraSecrets ?? 0 }, (_, i) => extraSecret(store, i));
  return {
    project: 'reliability',
    service: 'api',
    catalogHash: 'reliability',
    environments: { [ENV]: { source: 'store', production: false } },
    providers: {
      aws: { region: 'us-east-1', accountId: '123456789012' },
      vault: { mount: 'secret', authMethod: 'approle', authMount: 'approle', roles: { [ENV]: 'api' } },
    },
    secrets: {
      token: tokenSecret(store, options.tokenOverlapMs),
      db: dbSecret(store),
      ...Object.fromEntries(extras.map((s) => [s.name, s])),
    },
  };
}

/** The `db` value of version `rev`: every field carries the marker, so a mix is detectable. */
export function dbValue(
  rev: string,
  canary = 'x',
): { url: string; password: string; port: number; rev: string } {
  return {
    url: `postgres://app@db.internal:5432/shop?rev=${rev}`,
    password: `password-${canary}-${rev}-0123456789`,
    port: 5432,
    rev,
  };
}
