import { AwsError } from '../errors.js';
import type { Operation } from './context.js';
import { filtersFrom, optionalBoolean, optionalNumber, optionalString } from './input.js';
import { matchesFilters } from './list-filters.js';
import { decodeNextToken, encodeNextToken } from './pagination.js';
import { secretMetadata, versionsToStages } from './wire.js';

/** ListSecrets: metadata of live secrets (and scheduled ones on request), paginated. */
export const listSecrets: Operation = (ctx, input) => {
  ctx.authorize('secretsmanager:ListSecrets', '*');
  const maxResults = optionalNumber(input, 'MaxResults') ?? 100;
  if (maxResults < 1 || maxResults > 100) {
    throw new AwsError('InvalidParameterException', 'MaxResults must be between 1 and 100.');
  }
  const filters = filtersFrom(input) ?? [];
  const includeDeleted = optionalBoolean(input, 'IncludePlannedDeletion') ?? false;
  const sortOrder = optionalString(input, 'SortOrder') ?? 'asc';
  const matching = ctx.store
    .all()
    .filter((s) => (includeDeleted || s.deletedAt === undefined) && matchesFilters(s, filters));
  if (sortOrder === 'desc') matching.reverse();
  const start = decodeNextToken(optionalString(input, 'NextToken'), matching.length);
  const page = matching.slice(start, start + maxResults);
  const end = start + page.length;
  return {
    SecretList: page.map((s) => ({ ...secretMetadata(s), SecretVersionsToStages: versionsToStages(s) })),
    ...(end < matching.length ? { NextToken: encodeNextToken(end) } : {}),
  };
};
