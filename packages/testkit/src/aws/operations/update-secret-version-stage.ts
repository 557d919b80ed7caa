import { AwsError, messages } from '../errors.js';
import { AWSCURRENT } from '../model.js';
import type { Operation } from './context.js';
import { optionalString, requiredString } from './input.js';

/**
 * UpdateSecretVersionStage: moves or removes a staging label. Moving a label that is attached
 * elsewhere requires naming that version in RemoveFromVersionId, as AWS insists.
 */
export const updateSecretVersionStage: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  const stage = requiredString(input, 'VersionStage');
  const moveTo = optionalString(input, 'MoveToVersionId');
  const removeFrom = optionalString(input, 'RemoveFromVersionId');
  ctx.authorize('secretsmanager:UpdateSecretVersionStage', ctx.resourceFor(id), {
    'secretsmanager:VersionStage': stage,
  });
  const secret = ctx.store.requireLive(id);
  const find = (versionId: string) => {
    const v = secret.versions.find((x) => x.versionId === versionId);
    if (!v) throw new AwsError('ResourceNotFoundException', messages.noVersionId(versionId));
    return v;
  };
  const target = moveTo === undefined ? undefined : find(moveTo);
  const source = removeFrom === undefined ? undefined : find(removeFrom);
  const holder = secret.versions.find((v) => v.stages.includes(stage));

  if (source && !source.stages.includes(stage)) {
    throw new AwsError(
      'InvalidParameterException',
      `The staging label ${stage} is not attached to version ${source.versionId}.`,
    );
  }
  if (target && holder && holder !== target && holder !== source) {
    throw new AwsError(
      'InvalidParameterException',
      `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  if (!target && stage === AWSCURRENT) {
    throw new AwsError(
      'InvalidParameterException',
      `You can only move staging label ${AWSCURRENT} to a different secret version. It can't be completely removed.`,
    );
  }
  if (target) ctx.store.attachStage(secret, stage, target);
  else if (source) ctx.store.detachStage(source, stage);
  secret.lastChangedAt = ctx.clock.now();
  return { ARN: secret.arn, Name: secret.name };
};
