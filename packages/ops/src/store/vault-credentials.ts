import type { VaultAuth } from '@locksmith/sdk-node';
import type { EnvVars } from '../context.js';

/** How to reach Vault: `--vault-addr` or VAULT_ADDR, and how the runtime's session logs in. */
export interface VaultStoreOptions {
  readonly endpoint: string;
  readonly auth: VaultAuth;
  readonly namespace?: string | undefined;
  readonly defaultMount: string;
}

/**
 * Chooses the address (`--vault-addr` first, then VAULT_ADDR) and credentials an operator has:
 * VAULT_TOKEN; else an AppRole login with VAULT_ROLE_ID and VAULT_SECRET_ID; else, when the
 * catalog uses Kubernetes auth, a login as VAULT_K8S_ROLE with the pod's service-account token (or
 * VAULT_K8S_JWT_PATH). The login itself is the runtime's (@locksmith/sdk-node). Undefined when
 * neither an address nor any credential is available.
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
  if (token) return { ...base, auth: { method: 'token', token } };
  const roleId = env['VAULT_ROLE_ID'];
  const secretId = env['VAULT_SECRET_ID'];
  if (roleId && secretId) {
    const mount = auth?.method === 'approle' ? auth.mount : 'approle';
    return { ...base, auth: { method: 'approle', roleId, secretId, mount } };
  }
  const role = env['VAULT_K8S_ROLE'];
  if (role && auth?.method === 'kubernetes') {
    const jwtPath = env.VAULT_K8S_JWT_PATH;
    return {
      ...base,
      auth: { method: 'kubernetes', role, mount: auth.mount, ...(jwtPath ? { jwtPath } : {}) },
    };
  }
  return undefined;
}
