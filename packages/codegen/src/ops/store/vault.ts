import { readFile } from 'node:fs/promises';
import nodeVault from 'node-vault';
import type { EnvVars } from '../context.js';
import {
  type PolicyRead,
  type SecretStore,
  StoreError,
  type StoreInfo,
  type StoreLocation,
  type StorePayload,
} from './types.js';

/** How the CLI logs in to Vault when no token is given. */
export type VaultLogin =
  | { readonly method: 'approle'; readonly roleId: string; readonly secretId: string; readonly mount: string }
  | {
      readonly method: 'kubernetes';
      readonly role: string;
      readonly jwtPath: string;
      readonly mount: string;
    };

/** How to reach Vault: `--vault-addr` or VAULT_ADDR, then a token (VAULT_TOKEN) or a login. */
export interface VaultStoreOptions {
  readonly endpoint: string;
  readonly token?: string | undefined;
  readonly login?: VaultLogin | undefined;
  readonly namespace?: string | undefined;
  readonly defaultMount: string;
}

interface VaultErrorLike {
  readonly response?: { readonly statusCode?: unknown };
  readonly code?: unknown;
}

/** HTTP status (or socket error code) of a node-vault failure; never its message or request. */
function statusOf(error: unknown): string {
  const e = error as VaultErrorLike | null;
  const status = e?.response?.statusCode;
  if (typeof status === 'number') return `HTTP ${status}`;
  return typeof e?.code === 'string' ? e.code : 'unknown error';
}

const httpStatus = (error: unknown): number | undefined => {
  const status = (error as VaultErrorLike | null)?.response?.statusCode;
  return typeof status === 'number' ? status : undefined;
};

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

const DEFAULT_JWT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Reads the address (`--vault-addr` first, then VAULT_ADDR) and credentials: VAULT_TOKEN; else an
 * AppRole login with VAULT_ROLE_ID and VAULT_SECRET_ID; else, when the catalog uses Kubernetes auth,
 * a login as VAULT_K8S_ROLE with the pod's service-account token (or VAULT_K8S_JWT_PATH).
 * Undefined when neither an address nor any credential is available.
 */
export function vaultOptionsFromEnv(
  env: EnvVars,
  addr: string | undefined,
  defaultMount: string,
  namespace: string | undefined,
  auth?: { readonly method: string; readonly mount: string },
): VaultStoreOptions | undefined {
  const endpoint = addr ?? env['VAULT_ADDR'];
  if (!endpoint) return undefined;
  const base = { endpoint, namespace: env['VAULT_NAMESPACE'] ?? namespace, defaultMount };
  const token = env['VAULT_TOKEN'];
  if (token) return { ...base, token };
  const roleId = env['VAULT_ROLE_ID'];
  const secretId = env['VAULT_SECRET_ID'];
  if (roleId && secretId) {
    const mount = auth?.method === 'approle' ? auth.mount : 'approle';
    return { ...base, login: { method: 'approle', roleId, secretId, mount } };
  }
  const role = env['VAULT_K8S_ROLE'];
  if (role && auth?.method === 'kubernetes') {
    const jwtPath = env['VAULT_K8S_JWT_PATH'] ?? DEFAULT_JWT_PATH;
    return { ...base, login: { method: 'kubernetes', role, jwtPath, mount: auth.mount } };
  }
  return undefined;
}

/** A SecretStore over the real node-vault client (KV v2). */
export function createVaultStore(options: VaultStoreOptions): SecretStore {
  const client = nodeVault({
    apiVersion: 'v1',
    endpoint: options.endpoint,
    ...(options.token ? { token: options.token } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
  });
  const mountOf = (location: StoreLocation) => location.mount ?? options.defaultMount;
  let loggedIn: Promise<void> | undefined;
  /** Logs in once, before the first request, when no token was given. */
  const ready = (): Promise<void> => {
    const login = options.login;
    if (!login) return Promise.resolve();
    loggedIn ??= (async () => {
      try {
        if (login.method === 'approle') {
          await client.approleLogin({
            role_id: login.roleId,
            secret_id: login.secretId,
            mount_point: login.mount,
          });
        } else {
          const jwt = (await readFile(login.jwtPath, 'utf8')).trim();
          await client.kubernetesLogin({ role: login.role, jwt, mount_point: login.mount });
        }
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
          throw new StoreError(`vault: ${login.method} login failed: no service-account token`);
        }
        throw new StoreError(
          `vault: ${login.method} login failed: ${statusOf(error)}`,
          httpStatus(error) === 403,
        );
      }
    })();
    return loggedIn;
  };
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
        ...(created ? { lastRotated: created } : {}),
        ...(updated ? { lastChanged: updated } : {}),
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
    async write(location, payload): Promise<void> {
      const path = `${mountOf(location)}/data/${location.path}`;
      await ready();
      try {
        await client.write(path, { data: payload });
      } catch (error) {
        fail('write', path, error);
      }
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
