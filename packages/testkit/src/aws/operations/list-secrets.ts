import type { Operation } from './context.js';
import { filtersFrom, optionalBoolean, optionalNumber, optionalString, validationError } from './input.js';
import { matchesFilters } from './list-filters.js';
import { decodeNextToken, encodeNextToken } from './pagination.js';
import { secretMetadata, versionsToStages } from './wire.js';

/** ListSecrets: metadata of live secrets (and scheduled ones on request), paginated. */
export const listSecrets: Operation = (ctx, input) => {
  ctx.authorize('secretsmanager:ListSecrets', '*');
  const maxResults = optionalNumber(input, 'MaxResults', { min: 1, max: 100 }) ?? 100;
  const filters = filtersFrom(input) ?? [];
  const includeDeleted = optionalBoolean(input, 'IncludePlannedDeletion') ?? false;
  const sortOrder = optionalString(input, 'SortOrder') ?? 'asc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw validationError('SortOrder', sortOrder, 'Member must satisfy enum value set: [asc, desc]');
  }
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
