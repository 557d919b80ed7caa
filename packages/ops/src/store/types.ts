import type { ProviderName } from '@locksmith/schema';

/** Where a secret lives in one store: an AWS name, or a KV v2 mount and path. */
export interface StoreLocation {
  readonly path: string;
  /** Vault only: the KV v2 mount. */
  readonly mount?: string | undefined;
}

/**
 * A stored value as the store holds it: the SecretString for AWS, the KV `data` map for Vault.
 * Opaque on purpose: only value.ts looks inside, and nothing here is ever printed.
 */
export type StorePayload = string | Readonly<Record<string, unknown>>;

/** What a store says about a secret, without its value. */
export interface StoreInfo {
  readonly location: StoreLocation;
  /** AWS: DescribeSecret RotationEnabled. */
  readonly rotationEnabled?: boolean;
  /** AWS: RotationRules.AutomaticallyAfterDays. */
  readonly rotationDays?: number;
  /** AWS LastRotatedDate, or Vault's current version created_time. */
  readonly lastRotated?: Date;
  /** AWS LastChangedDate, or Vault metadata updated_time. */
  readonly lastChanged?: Date;
  /** Vault metadata max_versions (0: the mount's default, 10). */
  readonly maxVersions?: number;
}

/** The answer to reading a policy: its text, absent, or not readable with these credentials. */
export type PolicyRead =
  | { readonly kind: 'found'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'denied' };

/**
 * Where a copy came from, as `locksmith copy` marks it: an AWS tag and a Vault KV `custom_metadata`
 * key of this name hold the source (`vault:secret/shop/prod/db`, `aws:shop/prod/db`), so `audit`
 * can tell a copy from an orphan.
 */
export const COPY_MARK = 'locksmith.dev/copy-of';

/** The operations the commands need from a store, over its real client. */
export interface SecretStore {
  readonly provider: ProviderName;
  /** Metadata, or undefined when the secret does not exist. */
  info(location: StoreLocation): Promise<StoreInfo | undefined>;
  /** The current value, or undefined when there is none. */
  current(location: StoreLocation): Promise<StorePayload | undefined>;
  /** Every readable version, oldest first (AWS: AWSPREVIOUS then AWSCURRENT). */
  versions(location: StoreLocation): Promise<readonly StorePayload[]>;
  /**
   * Writes a new current version, creating the secret if needed. With `copyOf`, marks the secret as a
   * copy of that source ({@link COPY_MARK}).
   */
  write(location: StoreLocation, payload: StorePayload, copyOf?: string): Promise<void>;
  /** The source a copy was made from ({@link COPY_MARK}), or undefined for a secret that is not a marked copy. */
  copyOf(location: StoreLocation): Promise<string | undefined>;
  /** Every secret name (AWS) or KV path (Vault, under `mount`) starting with `prefix`, sorted. */
  list(prefix: string, mount?: string): Promise<string[]>;
  /** Vault only: an ACL policy's text. */
  policy?(name: string): Promise<PolicyRead>;
  close(): void;
}

/**
 * A store call that failed. The message names the operation, the secret's location and the
 * store's error code or HTTP status — never a value, and never the client's error object, which
 * may hold request bodies or tokens.
 */
export class StoreError extends Error {
  /** The store refused these credentials (AccessDeniedException, HTTP 403): a finding, not an outage. */
  readonly denied: boolean;

  constructor(message: string, denied = false) {
    super(message);
    this.name = 'StoreError';
    this.denied = denied;
  }
}
