import { connectVault } from '@locksmith/sdk-node';
import {
  COPY_MARK,
  type PolicyRead,
  type SecretStore,
  StoreError,
  type StoreInfo,
  type StoreLocation,
  type StorePayload,
} from './types.js';
import type { VaultStoreOptions } from './vault-credentials.js';
import { httpStatus, loginFailure, statusOf } from './vault-errors.js';

const date = (value: unknown): Date | undefined => {
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) || parsed.getTime() <= 0 ? undefined : parsed;
};

interface VersionMeta {
  readonly created_time?: unknown;
  readonly deletion_time?: unknown;
  readonly destroyed?: unknown;
}

/** One store call may take this long: listing a large KV tree is slower than the runtime's reads. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The Vault (KV v2) store of the operations, on the runtime's connection: node-vault configured as
 * @locksmith/sdk-node configures it, logged in by the runtime's session (token, AppRole or
 * Kubernetes). Holds the admin writes (new KV versions) — the only place the operations write to
 * Vault. A 403 is a finding about these credentials, so it is reported, not retried with a new login.
 */
export function createVaultStore(options: VaultStoreOptions): SecretStore {
  const { client, ensureToken } = connectVault({
    endpoint: options.endpoint,
    auth: options.auth,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const mountOf = (location: StoreLocation) => location.mount ?? options.defaultMount;
  /** A valid token before each request: the first logs in, later ones renew when due. */
  const ready = (): Promise<void> =>
    ensureToken().catch((error: unknown) => {
      throw loginFailure(options.auth.method, error);
    });
  const fail = (operation: string, path: string, error: unknown): never => {
    throw new StoreError(`vault: ${operation} ${path} failed: ${statusOf(error)}`, httpStatus(error) === 403);
  };

  async function metadata(location: StoreLocation): Promise<Record<string, unknown> | undefined> {
    await ready();
    const path = `${mountOf(location)}/metadata/${location.path}`;
    try {
      const out = (await client.read(path)) as { data?: Record<string, unknown> };
      return out.data;
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      return fail('read', path, error);
    }
  }

  async function readVersion(location: StoreLocation, version?: number): Promise<StorePayload | undefined> {
    await ready();
    const path = `${mountOf(location)}/data/${location.path}${version === undefined ? '' : `?version=${version}`}`;
    try {
      const out = (await client.read(path)) as { data?: { data?: unknown } };
      const data = out.data?.data;
      return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      return fail('read', `${mountOf(location)}/data/${location.path}`, error);
    }
  }

  async function listTree(mount: string, dir: string): Promise<string[]> {
    await ready();
    let keys: string[];
    try {
      const out = (await client.list(`${mount}/metadata/${dir}`)) as { data?: { keys?: unknown } };
      keys = Array.isArray(out.data?.keys)
        ? out.data.keys.filter((k): k is string => typeof k === 'string')
        : [];
    } catch (error) {
      if (httpStatus(error) === 404) return [];
      return fail('list', `${mount}/metadata/${dir}`, error);
    }
    const found: string[] = [];
    for (const key of keys) {
      if (key.endsWith('/')) found.push(...(await listTree(mount, `${dir}${key}`)));
      else found.push(`${dir}${key}`);
    }
    return found;
  }

  return {
    provider: 'vault',
    async info(location): Promise<StoreInfo | undefined> {
      const meta = await metadata(location);
      if (!meta) return undefined;
      const versions = (meta['versions'] ?? {}) as Record<string, VersionMeta>;
      const current = versions[String(meta['current_version'])];
      const created = date(current?.created_time);
      const updated = date(meta['updated_time']);
      return {
        location,
        maxVersions: typeof meta['max_versions'] === 'number' ? meta['max_versions'] : 0,
        // The current version's age is the value's age; updated_time also moves on metadata-only
        // changes (max_versions, custom metadata), so it is only a fallback.
        ...(created ? { lastRotated: created } : updated ? { lastChanged: updated } : {}),
      };
    },
    current: (location) => readVersion(location),
    async versions(location): Promise<StorePayload[]> {
      const meta = await metadata(location);
      if (!meta) return [];
      const versions = (meta['versions'] ?? {}) as Record<string, VersionMeta>;
      const live = Object.entries(versions)
        .filter(([, v]) => !date(v.deletion_time) && v.destroyed !== true)
        .map(([n]) => Number(n))
        .sort((a, b) => a - b);
      const out: StorePayload[] = [];
      for (const n of live) {
        const payload = await readVersion(location, n);
        if (payload !== undefined) out.push(payload);
      }
      return out;
    },
    async write(location, payload, copyOf): Promise<void> {
      const path = `${mountOf(location)}/data/${location.path}`;
      await ready();
      try {
        await client.write(path, { data: payload });
      } catch (error) {
        fail('write', path, error);
      }
      if (copyOf === undefined) return;
      // Metadata fields not sent (max_versions, cas_required) keep their values.
      const metadataPath = `${mountOf(location)}/metadata/${location.path}`;
      try {
        await client.write(metadataPath, { custom_metadata: { [COPY_MARK]: copyOf } });
      } catch (error) {
        fail('write', metadataPath, error);
      }
    },
    async copyOf(location): Promise<string | undefined> {
      const custom = (await metadata(location))?.['custom_metadata'];
      const mark =
        custom !== null && typeof custom === 'object'
          ? (custom as Record<string, unknown>)[COPY_MARK]
          : undefined;
      return typeof mark === 'string' ? mark : undefined;
    },
    async list(prefix, mount): Promise<string[]> {
      // LIST works on directories: start from the prefix's directory, then filter by the full prefix.
      const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
      const all = await listTree(mount ?? options.defaultMount, dir);
      return all.filter((p) => p.startsWith(prefix)).sort();
    },
    async policy(name): Promise<PolicyRead> {
      await ready();
      try {
        const out = (await client.read(`sys/policy/${name}`)) as {
          rules?: unknown;
          data?: { rules?: unknown };
        };
        const text = out.rules ?? out.data?.rules;
        return typeof text === 'string' ? { kind: 'found', text } : { kind: 'missing' };
      } catch (error) {
        const status = httpStatus(error);
        if (status === 404) return { kind: 'missing' };
        if (status === 403 || status === 401) return { kind: 'denied' };
        return fail('read', `sys/policy/${name}`, error);
      }
    },
    close: () => undefined,
  };
}
