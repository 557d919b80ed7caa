import type { Operation } from './context.js';
import { optionalBoolean, optionalNumber, optionalString, requiredString } from './input.js';
import { decodeNextToken, encodeNextToken } from './pagination.js';
import { epochSeconds } from './wire.js';

/** ListSecretVersionIds: versions oldest first (as moto; AWS documents no order); unlabelled ones only with IncludeDeprecated. */
export const listSecretVersionIds: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:ListSecretVersionIds', ctx.resourceFor(id));
  const maxResults = optionalNumber(input, 'MaxResults', { min: 1, max: 100 }) ?? 100;
  const secret = ctx.store.require(id);
  const includeDeprecated = optionalBoolean(input, 'IncludeDeprecated') ?? false;
  const versions = secret.versions.filter((v) => includeDeprecated || v.stages.length > 0);
  const start = decodeNextToken(optionalString(input, 'NextToken'), versions.length);
  const page = versions.slice(start, start + maxResults);
  const end = start + page.length;
  return {
    ARN: secret.arn,
    Name: secret.name,
    Versions: page.map((v) => ({
      VersionId: v.versionId,
      VersionStages: [...v.stages],
      ...(v.lastAccessedAt === undefined ? {} : { LastAccessedDate: epochSeconds(v.lastAccessedAt) }),
      CreatedDate: epochSeconds(v.createdAt),
    })),
    ...(end < versions.length ? { NextToken: encodeNextToken(end) } : {}),
  };
};
