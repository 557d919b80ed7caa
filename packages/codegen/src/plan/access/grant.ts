/**
 * The artifact kind through which a principal reads a secret: its IAM policy (AWS secrets), its
 * Vault policy and Kubernetes-auth role (Vault secrets), or the Kubernetes RBAC Role that lets its
 * ServiceAccount get the Secret an ExternalSecret syncs through a SecretStore.
 */
export type AccessChannel = 'iam' | 'vault' | 'kubernetes';

/** The order channels are listed in, everywhere. */
export const CHANNELS: readonly AccessChannel[] = ['iam', 'vault', 'kubernetes'];

/** One read permission that the generated artifacts grant: who reads what, where, through what. */
export interface Grant {
  readonly environment: string;
  /** The service that reads (its ESO store authenticates as the service, never as the operator). */
  readonly principal: string;
  readonly secret: string;
  readonly channel: AccessChannel;
  /**
   * The identity that holds the permission: the IAM role ARN (iam), the Vault policy name (vault),
   * or the ServiceAccount as `<namespace>/<name>` (kubernetes). A new holder is a new grant even
   * for the same resource: another role, policy or account can now read it.
   */
  readonly holder: string;
  /**
   * What the permission names: the secret's ARN pattern (iam), `<mount>/data/<path>` (vault), or
   * `<namespace>/<Kubernetes Secret>` (kubernetes). Two grants of one channel with different
   * resources read different store entries.
   */
  readonly resource: string;
  /**
   * The workload that exercises the permission, as `<namespace>/<ServiceAccount>`: the account the
   * IAM role's IRSA trust lets assume it (iam), the one the Vault Kubernetes-auth role binds
   * (vault), the one the RBAC Role is bound to (kubernetes). `null` for a Vault policy the service
   * gets by another login (AppRole, token), which no ServiceAccount controls. The holder alone
   * does not say who can read: a role that another ServiceAccount may now assume is a new grant.
   */
  readonly identity: string | null;
  /** The artifacts that carry the permission, by name, as a reviewer finds them in the files. */
  readonly via: string;
  /** Generated files (relative to the output directory) that carry it. */
  readonly files: readonly string[];
}

/** Identity of a grant: the same principal reading the same resource of the same secret the same way. */
export function grantKey(
  grant: Pick<Grant, 'environment' | 'principal' | 'secret' | 'channel' | 'holder' | 'resource' | 'identity'>,
): string {
  return [
    grant.environment,
    grant.principal,
    grant.secret,
    grant.channel,
    grant.holder,
    grant.resource,
    grant.identity ?? '',
  ].join('\u0000');
}

/** Identity of an access: one principal reading one secret in one environment, by any channel. */
export function accessKey(grant: Pick<Grant, 'environment' | 'principal' | 'secret'>): string {
  return [grant.environment, grant.principal, grant.secret].join('\u0000');
}
