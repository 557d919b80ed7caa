import { AwsError } from '../errors.js';
import type { Operation } from './context.js';
import { optionalPayload, optionalString, optionalStringList, requiredString } from './input.js';

/**
 * PutSecretValue: a new version, AWSCURRENT unless other stages are given. The same
 * ClientRequestToken with the same value is a no-op; with a different value it is refused.
 */
export const putSecretValue: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:PutSecretValue', ctx.resourceFor(id));
  const payload = optionalPayload(input);
  if (!payload) {
    throw new AwsError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
  }
  const secret = ctx.store.requireLive(id);
  const stages = optionalStringList(input, 'VersionStages');
  const version = ctx.store.putVersion(secret, payload, optionalString(input, 'ClientRequestToken'), stages);
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    VersionStages: [...version.stages],
  };
};
