import type { Operation } from './context.js';
import { requiredString } from './input.js';

/** RestoreSecret: cancels a scheduled deletion (a no-op for a live secret). */
export const restoreSecret: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:RestoreSecret', ctx.resourceFor(id));
  const secret = ctx.store.require(id);
  if (secret.deletedAt !== undefined) ctx.store.restore(secret);
  return { ARN: secret.arn, Name: secret.name };
};
