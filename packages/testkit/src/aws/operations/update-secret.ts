import type { Operation } from './context.js';
import { optionalPayload, optionalString, requiredString } from './input.js';

/** UpdateSecret: new description or KMS key, and a new AWSCURRENT version when a value is given. */
export const updateSecret: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:UpdateSecret', ctx.resourceFor(id));
  const secret = ctx.store.requireLive(id);
  const description = optionalString(input, 'Description');
  const kmsKeyId = optionalString(input, 'KmsKeyId');
  if (description !== undefined) secret.description = description;
  if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
  const payload = optionalPayload(input);
  const version = payload
    ? ctx.store.putVersion(secret, payload, optionalString(input, 'ClientRequestToken'), undefined)
    : undefined;
  secret.lastChangedAt = ctx.clock.now();
  return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.versionId } : {}) };
};
