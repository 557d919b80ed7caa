import { SecretsError } from '../errors.js';
import { raceSignal } from '../resilience/abort.js';
import type { FetchRequest, FetchResult, Provider, RawVersion } from '../types.js';
import { connectVault, type VaultConnectionOptions } from './vault-connection.js';
import { fromVaultError, vaultStatus } from './vault-errors.js';

export type { VaultAuth } from './vault-auth-method.js';

/** Options of the Vault KV v2 provider: how to reach and log in to Vault, and the KV mount. */
export interface VaultProviderOptions extends VaultConnectionOptions {
  /** KV v2 mount (default `secret`). */
  readonly mount?: string;
}

/** Key under which a string secret is stored in its KV v2 entry (`vault kv put secret/x value=...`). */
export const VAULT_STRING_KEY = 'value';

interface KvData {
  readonly data?: {
    readonly data?: unknown;
    readonly metadata?: { readonly version?: unknown; readonly created_time?: unknown };
  };
}
interface KvMetadata {
  readonly data?: {
    readonly current_version?: unknown;
    readonly versions?: Readonly<
      Record<string, { readonly deletion_time?: unknown; readonly destroyed?: unknown }>
    >;
  };
}

/**
 * HashiCorp Vault KV v2 through node-vault. Current: `GET <mount>/data/<path>`. Previous: the
 * newest version below `current_version` (from `<mount>/metadata/<path>`) that is neither deleted
 * nor destroyed, read with `?version=N`. Object secrets are the entry's key/value map; a string
 * secret is the entry's `value` key. Abort stops waiting at once; the HTTP request itself ends at
 * `requestTimeoutMs` because node-vault takes no AbortSignal.
 */
export function createVaultProvider(options: VaultProviderOptions): Provider {
  const mount = options.mount ?? 'secret';
  // The connection the operations tools open too: node-vault kept silent, one login session.
  const connection = connectVault(options);
  const client = connection.client;

  /** Runs a read with a valid token; a 403 is retried once after a fresh login. */
  async function authed<T>(read: () => Promise<T>): Promise<T> {
    await connection.ensureToken();
    try {
      return await read();
    } catch (error) {
      // Vault answers 403 "permission denied" for a revoked or expired token as well as for a policy denial.
      if (vaultStatus(error) !== 403 || !connection.canLogin) throw error;
      await connection.relogin();
      return read();
    }
  }

  async function readVersion(request: FetchRequest, version: number | undefined): Promise<RawVersion> {
    const query = version === undefined ? '' : `?version=${version}`;
    const body = (await authed(() =>
      client.read(`${mount}/data/${request.placement.path}${query}`),
    )) as KvData;
    const data = body?.data?.data;
    const meta = body?.data?.metadata;
    if (typeof data !== 'object' || data === null || typeof meta?.version !== 'number') {
      throw new SecretsError('MALFORMED_RESPONSE', 'vault: KV v2 response lacks data or metadata.version', {
        provider: 'vault',
      });
    }
    const createdAt = typeof meta.created_time === 'string' ? { createdAt: new Date(meta.created_time) } : {};
    const versionId = String(meta.version);
    if (request.secret.kind === 'object')
      return { versionId, value: { kind: 'text', text: JSON.stringify(data) }, ...createdAt };
    const text = (data as Record<string, unknown>)[VAULT_STRING_KEY];
    if (typeof text !== 'string') {
      throw new SecretsError('VALIDATION_FAILED', `vault: string secret has no "${VAULT_STRING_KEY}" key`, {
        provider: 'vault',
        field: `/${VAULT_STRING_KEY}`,
        rule: 'required',
      });
    }
    return { versionId, value: { kind: 'text', text }, ...createdAt };
  }

  async function previousVersion(request: FetchRequest): Promise<number> {
    const body = (await authed(() =>
      client.read(`${mount}/metadata/${request.placement.path}`),
    )) as KvMetadata;
    const current = body?.data?.current_version;
    const versions = body?.data?.versions ?? {};
    if (typeof current !== 'number') {
      throw new SecretsError('MALFORMED_RESPONSE', 'vault: metadata lacks current_version', {
        provider: 'vault',
      });
    }
    for (let v = current - 1; v >= 1; v--) {
      const entry = versions[String(v)];
      if (entry && !entry.destroyed && (entry.deletion_time === '' || entry.deletion_time === undefined))
        return v;
    }
    throw new SecretsError('NOT_FOUND', 'vault: no live previous version', { provider: 'vault' });
  }

  async function fetchOne(request: FetchRequest, signal: AbortSignal): Promise<FetchResult> {
    const secret = request.secret.name;
    try {
      if (request.stage === 'pending') {
        throw new SecretsError('INVALID_REQUEST', 'vault: KV v2 has no pending stage', { provider: 'vault' });
      }
      const work =
        request.stage === 'current'
          ? readVersion(request, undefined)
          : previousVersion(request).then((v) => readVersion(request, v));
      return { ok: true, version: await raceSignal(work, signal, secret) };
    } catch (error) {
      return { ok: false, error: fromVaultError(error, secret) };
    }
  }

  return {
    name: 'vault',
    maxBatchSize: 50,
    fetch: (requests, signal) => Promise.all(requests.map((r) => fetchOne(r, signal))),
  };
}
