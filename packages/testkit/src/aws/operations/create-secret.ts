import { AwsError } from '../errors.js';
import type { Operation } from './context.js';
import { optionalPayload, optionalString, requiredString, tagsFrom } from './input.js';

const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** CreateSecret: a new secret, with its first version as AWSCURRENT when a value is given. */
export const createSecret: Operation = (ctx, input) => {
  const name = requiredString(input, 'Name');
  if (!NAME.test(name)) {
    throw new AwsError(
      'InvalidParameterException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  }
  ctx.authorize('secretsmanager:CreateSecret', ctx.resourceFor(name));
  const { secret, version } = ctx.store.create({
    name,
    payload: optionalPayload(input),
    versionId: optionalString(input, 'ClientRequestToken'),
    description: optionalString(input, 'Description'),
    kmsKeyId: optionalString(input, 'KmsKeyId'),
    tags: tagsFrom(input),
  });
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(version ? { VersionId: version.versionId } : {}),
  };
};
