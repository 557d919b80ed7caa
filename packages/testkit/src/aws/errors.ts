/** AWS exception names the fake answers with, and the HTTP status AWS documents for each. */
export const AWS_ERROR_STATUS = {
  AccessDeniedException: 400,
  DecryptionFailure: 400,
  EncryptionFailure: 400,
  ExpiredTokenException: 400,
  InternalServiceError: 500,
  InvalidNextTokenException: 400,
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  LimitExceededException: 400,
  ResourceExistsException: 400,
  ResourceNotFoundException: 400,
  SerializationException: 400,
  ServiceUnavailable: 503,
  ThrottlingException: 400,
  UnknownOperationException: 400,
  UnrecognizedClientException: 400,
  ValidationException: 400,
} as const;

export type AwsErrorType = keyof typeof AWS_ERROR_STATUS;

/** An AWS error answer. Messages name secrets and versions, never values. */
export class AwsError extends Error {
  readonly type: AwsErrorType;
  readonly status: number;
  constructor(type: AwsErrorType, message: string) {
    super(message);
    this.name = 'AwsError';
    this.type = type;
    this.status = AWS_ERROR_STATUS[type];
  }
}

/** Messages AWS uses, kept in one place so the fake and its tests agree. */
export const messages = {
  notFound: "Secrets Manager can't find the specified secret.",
  noVersionId: (id: string) => `Secrets Manager can't find the specified secret value for VersionId: ${id}`,
  noStage: (stage: string) =>
    `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
  markedForDeletion: "You can't perform this operation on the secret because it was marked for deletion.",
  exists: (name: string) => `The operation failed because the secret ${name} already exists.`,
  scheduledName:
    "You can't create this secret because a secret with this name is already scheduled for deletion.",
  decryption: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
  versionExists: "You can't modify an existing version, you can only create a new version.",
};
