import { existsSync } from 'node:fs';
import type { ServiceDescriptor } from '@locksmith/schema';
import { SecretsError } from '../errors.js';
import type { VaultAuth } from './vault-auth.js';

/** Where Kubernetes projects the pod's service-account JWT. */
export const DEFAULT_SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const METHODS = ['token', 'approle', 'kubernetes'] as const;
type Method = (typeof METHODS)[number];

type VaultBlock = NonNullable<ServiceDescriptor['providers']['vault']>;
type Env = Readonly<Record<string, string | undefined>>;

/**
 * Picks how the Vault provider logs in. `LOCKSMITH_VAULT_AUTH` overrides the catalog's method.
 * Otherwise the catalog decides, with one exception for local development: a catalog that says
 * `kubernetes`, on a machine with no service-account token file, uses `VAULT_TOKEN` when it is set
 * (what `locksmith-fake` prints), so a generated accessor reaches the fakes from environment
 * variables alone. The methods considered travel with the result, so a failed login can say what
 * was tried; errors name methods and variables, never a credential.
 */
export function chooseVaultAuth(
  vault: VaultBlock,
  environment: string,
  env: Env,
  serviceAccountTokenPath = DEFAULT_SERVICE_ACCOUNT_TOKEN_PATH,
): VaultAuth {
  const override = env.LOCKSMITH_VAULT_AUTH;
  if (override !== undefined && override !== '' && !METHODS.includes(override as Method)) {
    throw new SecretsError(
      'CONFIGURATION',
      `LOCKSMITH_VAULT_AUTH must be one of ${METHODS.join(', ')} (it overrides the catalog's vault auth method "${vault.authMethod}")`,
    );
  }
  let method: Method = override ? (override as Method) : vault.authMethod;
  const tried: string[] = [];
  if (!override && method === 'kubernetes' && env.VAULT_TOKEN && !existsSync(serviceAccountTokenPath)) {
    tried.push(`kubernetes (no service-account token file at ${serviceAccountTokenPath})`);
    method = 'token';
  }
  // The catalog's auth mount belongs to the catalog's method; another method uses its default mount.
  const mount = method === vault.authMethod ? { mount: vault.authMount } : {};
  const source = override ? 'LOCKSMITH_VAULT_AUTH' : 'the catalog';
  const missing = (what: string): SecretsError =>
    new SecretsError(
      'CONFIGURATION',
      `vault ${method} auth (chosen by ${source}) needs ${what}${hintFor(override)}`,
    );
  switch (method) {
    case 'kubernetes': {
      const role = vault.roles[environment];
      if (!role) throw missing(`a role for environment "${environment}"`);
      return { method, role, jwtPath: serviceAccountTokenPath, ...mount };
    }
    case 'approle': {
      const roleId = env.VAULT_ROLE_ID;
      const secretId = env.VAULT_SECRET_ID;
      if (!roleId || !secretId) throw missing('VAULT_ROLE_ID and VAULT_SECRET_ID');
      return { method, roleId, secretId, ...mount };
    }
    case 'token': {
      const token = env.VAULT_TOKEN;
      if (!token) throw missing('VAULT_TOKEN');
      return { method, token, ...(tried.length > 0 ? { tried } : {}) };
    }
  }
}

function hintFor(override: string | undefined): string {
  return override ? '' : '; LOCKSMITH_VAULT_AUTH=token|approle|kubernetes chooses another method';
}
