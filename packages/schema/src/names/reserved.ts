/**
 * ServiceAccounts a service may not run as: `default` is every pod's account in its namespace (an
 * IRSA role or Vault role bound to it would reach every pod), and the External Secrets Operator's
 * own accounts must never carry a service's identity.
 */
export const RESERVED_SERVICE_ACCOUNTS: ReadonlySet<string> = new Set([
  'default',
  'external-secrets',
  'external-secrets-controller',
  'external-secrets-webhook',
  'external-secrets-cert-controller',
]);
