import { readFile } from 'node:fs/promises';
import type NodeVault from 'node-vault';
import type { EnvVars } from '../context.js';
import { StoreError } from './types.js';
import { httpStatus, statusOf } from './vault-errors.js';

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

/** Logs the client in (the token lands on the client); failures name the method and status only. */
export async function logIn(client: NodeVault.client, login: VaultLogin): Promise<void> {
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
}
