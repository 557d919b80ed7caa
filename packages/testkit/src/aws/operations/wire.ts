import type { SecretPayload, StoredSecret, StoredVersion } from '../model.js';

/** AWS JSON 1.1 timestamps are epoch seconds (fractional). */
export const epochSeconds = (ms: number): number => ms / 1000;

export const payloadFields = (payload: SecretPayload): Record<string, string> =>
  'string' in payload
    ? { SecretString: payload.string }
    : { SecretBinary: Buffer.from(payload.binary).toString('base64') };

/** The value-carrying shape shared by GetSecretValue and BatchGetSecretValue. */
export const secretValueEntry = (secret: StoredSecret, version: StoredVersion): Record<string, unknown> => ({
  ARN: secret.arn,
  Name: secret.name,
  VersionId: version.versionId,
  ...payloadFields(version.payload),
  VersionStages: [...version.stages],
  CreatedDate: epochSeconds(version.createdAt),
});

/** Versions that carry a label, as AWS reports them in DescribeSecret/ListSecrets. */
export const versionsToStages = (secret: StoredSecret): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const v of secret.versions) if (v.stages.length > 0) out[v.versionId] = [...v.stages];
  return out;
};

const optionalDate = (key: string, ms: number | undefined): Record<string, number> =>
  ms === undefined ? {} : { [key]: epochSeconds(ms) };

/** The metadata shape shared by DescribeSecret and ListSecrets entries (no value). */
export const secretMetadata = (secret: StoredSecret): Record<string, unknown> => ({
  ARN: secret.arn,
  Name: secret.name,
  ...(secret.description === undefined ? {} : { Description: secret.description }),
  ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
  RotationEnabled: secret.rotationEnabled,
  ...(secret.rotationLambdaArn === undefined ? {} : { RotationLambdaARN: secret.rotationLambdaArn }),
  ...(secret.rotationRules === undefined ? {} : { RotationRules: secret.rotationRules }),
  ...optionalDate('LastRotatedDate', secret.lastRotatedAt),
  ...optionalDate('LastChangedDate', secret.lastChangedAt),
  ...optionalDate('LastAccessedDate', secret.lastAccessedAt),
  ...optionalDate('DeletedDate', secret.deletedAt),
  ...(secret.tags.length > 0 ? { Tags: secret.tags.map((t) => ({ ...t })) } : {}),
  CreatedDate: epochSeconds(secret.createdAt),
});
