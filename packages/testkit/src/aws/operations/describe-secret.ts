import type { Operation } from './context.js';
import { requiredString } from './input.js';
import { secretMetadata, versionsToStages } from './wire.js';

/** DescribeSecret: metadata only, and it still answers for a secret scheduled for deletion. */
export const describeSecret: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:DescribeSecret', ctx.resourceFor(id));
  const secret = ctx.store.require(id);
  return { ...secretMetadata(secret), VersionIdsToStages: versionsToStages(secret) };
};
