import type { VaultProvider } from '@locksmith/schema';

/**
 * The Kubernetes auth mount ESO logs in through. ESO's Vault store always uses Kubernetes auth;
 * when the services use another method (AppRole, token), the Kubernetes method is assumed at
 * Vault's default path, `kubernetes`.
 */
export function esoVaultAuthMount(vault: VaultProvider): string {
  return vault.auth.method === 'kubernetes' ? vault.auth.mount : 'kubernetes';
}
