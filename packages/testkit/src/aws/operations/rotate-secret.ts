import { AwsError } from '../errors.js';
import { AWSCURRENT, AWSPENDING } from '../model.js';
import type { Operation } from './context.js';
import { optionalBoolean, optionalString, requiredString } from './input.js';

/**
 * RotateSecret, lite: no Lambda runs. The fake makes the next value itself (the server's
 * `rotationValue` option), stages it AWSPENDING, then promotes it to AWSCURRENT as a
 * successful rotation function would, and records LastRotatedDate.
 */
export const rotateSecret: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:RotateSecret', ctx.resourceFor(id));
  const secret = ctx.store.requireLive(id);
  const lambdaArn = optionalString(input, 'RotationLambdaARN') ?? secret.rotationLambdaArn;
  if (lambdaArn === undefined) {
    throw new AwsError(
      'InvalidRequestException',
      'No Lambda rotation function ARN is associated with this secret.',
    );
  }
  secret.rotationLambdaArn = lambdaArn;
  secret.rotationEnabled = true;
  const rules = input.RotationRules as
    | { AutomaticallyAfterDays?: unknown; ScheduleExpression?: unknown }
    | undefined;
  if (rules && typeof rules === 'object') {
    secret.rotationRules = {
      ...(typeof rules.AutomaticallyAfterDays === 'number'
        ? { AutomaticallyAfterDays: rules.AutomaticallyAfterDays }
        : {}),
      ...(typeof rules.ScheduleExpression === 'string'
        ? { ScheduleExpression: rules.ScheduleExpression }
        : {}),
    };
  }
  if (optionalBoolean(input, 'RotateImmediately') === false) return { ARN: secret.arn, Name: secret.name };
  const pending = ctx.store.putVersion(
    secret,
    { string: ctx.rotationValue(secret.name) },
    optionalString(input, 'ClientRequestToken'),
    [AWSPENDING],
  );
  ctx.store.attachStage(secret, AWSCURRENT, pending);
  ctx.store.detachStage(pending, AWSPENDING);
  secret.lastRotatedAt = ctx.clock.now();
  return { ARN: secret.arn, Name: secret.name, VersionId: pending.versionId };
};
