/** A secret's payload: AWS stores either a string or bytes per version. */
export type SecretPayload = { readonly string: string } | { readonly binary: Uint8Array };

export interface StoredVersion {
  readonly versionId: string;
  readonly payload: SecretPayload;
  readonly createdAt: number;
  stages: string[];
  /** Day (epoch ms at midnight UTC) this version was last read. */
  lastAccessedAt?: number;
}

export interface SecretTag {
  readonly Key: string;
  readonly Value: string;
}

/** One secret as the fake keeps it. Times are fake-clock epoch ms. */
export interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  description: string | undefined;
  kmsKeyId: string | undefined;
  tags: SecretTag[];
  /** Oldest first. */
  versions: StoredVersion[];
  readonly createdAt: number;
  lastChangedAt: number;
  lastAccessedAt: number | undefined;
  lastRotatedAt: number | undefined;
  /** When DeleteSecret was called; undefined while the secret is live. */
  deletedAt: number | undefined;
  /** When the secret is purged for good. */
  purgeAt: number | undefined;
  rotationEnabled: boolean;
  rotationLambdaArn: string | undefined;
  rotationRules: { AutomaticallyAfterDays?: number; ScheduleExpression?: string } | undefined;
  /** Test switch: reads fail with DecryptionFailure, as with a disabled KMS key. */
  undecryptable: boolean;
}

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';

export const samePayload = (a: SecretPayload, b: SecretPayload): boolean => {
  if ('string' in a) return 'string' in b && a.string === b.string;
  return 'binary' in b && Buffer.from(a.binary).equals(Buffer.from(b.binary));
};
