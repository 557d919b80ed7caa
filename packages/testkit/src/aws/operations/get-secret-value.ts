import { AwsError, messages } from '../errors.js';
import type { Operation } from './context.js';
import { optionalString, requiredString } from './input.js';
import { secretValueEntry } from './wire.js';

/** GetSecretValue: by name or ARN, AWSCURRENT unless a VersionId or VersionStage is given. */
export const getSecretValue: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  const versionId = optionalString(input, 'VersionId');
  const stage = optionalString(input, 'VersionStage');
  ctx.authorize('secretsmanager:GetSecretValue', ctx.resourceFor(id), {
    'secretsmanager:VersionId': versionId,
    'secretsmanager:VersionStage': stage,
  });
  const secret = ctx.store.requireLive(id);
  const version = ctx.store.resolveVersion(secret, versionId, stage);
  if (secret.undecryptable) throw new AwsError('DecryptionFailure', messages.decryption);
  ctx.store.touch(secret, version);
  return secretValueEntry(secret, version);
};
