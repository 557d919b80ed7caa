import { AwsError, messages } from '../errors.js';
import type { Operation } from './context.js';
import { optionalBoolean, optionalNumber, requiredString } from './input.js';
import { epochSeconds } from './wire.js';

/** DeleteSecret: schedules deletion after a 7–30 day window (default 30), or deletes at once. */
export const deleteSecret: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  const window = optionalNumber(input, 'RecoveryWindowInDays');
  const force = optionalBoolean(input, 'ForceDeleteWithoutRecovery') ?? false;
  ctx.authorize('secretsmanager:DeleteSecret', ctx.resourceFor(id));
  if (force && window !== undefined) {
    throw new AwsError(
      'InvalidParameterException',
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  }
  if (window !== undefined && (window < 7 || window > 30)) {
    throw new AwsError(
      'InvalidParameterException',
      'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    );
  }
  const secret = ctx.store.require(id);
  if (force) {
    ctx.store.remove(secret);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(ctx.clock.now()) };
  }
  if (secret.deletedAt !== undefined)
    throw new AwsError('InvalidRequestException', messages.markedForDeletion);
  const purgeAt = ctx.store.scheduleDeletion(secret, window ?? 30);
  return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(purgeAt) };
};
