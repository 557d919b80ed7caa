import { AwsError, messages } from '../errors.js';
import type { JsonObject, Operation, OperationContext } from './context.js';
import { filtersFrom, optionalNumber, optionalString, optionalStringList } from './input.js';
import { matchesFilters } from './list-filters.js';
import { decodeNextToken, encodeNextToken } from './pagination.js';
import { secretValueEntry } from './wire.js';

const MAX_IDS = 20;

function readOne(ctx: OperationContext, id: string): JsonObject {
  ctx.authorize('secretsmanager:GetSecretValue', ctx.resourceFor(id), {
    'secretsmanager:VersionStage': undefined,
  });
  const secret = ctx.store.requireLive(id);
  const version = ctx.store.resolveVersion(secret, undefined, undefined);
  if (secret.undecryptable) throw new AwsError('DecryptionFailure', messages.decryption);
  ctx.store.touch(secret, version);
  return secretValueEntry(secret, version);
}

/**
 * BatchGetSecretValue: up to 20 ids, or filters with pagination. A secret that fails (missing,
 * denied, scheduled for deletion) becomes an `Errors` entry; the call itself still succeeds.
 */
export const batchGetSecretValue: Operation = (ctx, input) => {
  const ids = optionalStringList(input, 'SecretIdList', { min: 1, max: MAX_IDS });
  const filters = filtersFrom(input);
  const maxResults = optionalNumber(input, 'MaxResults', { min: 1, max: MAX_IDS });
  if ((ids === undefined) === (filters === undefined)) {
    throw new AwsError(
      'InvalidParameterException',
      'Either SecretIdList or Filters must be provided, but not both.',
    );
  }
  if (ids !== undefined && maxResults !== undefined) {
    throw new AwsError('InvalidParameterException', 'MaxResults can be used only together with Filters.');
  }
  ctx.authorize('secretsmanager:BatchGetSecretValue', '*');

  let targets: string[];
  let nextToken: string | undefined;
  if (filters) {
    ctx.authorize('secretsmanager:ListSecrets', '*');
    const live = ctx.store.all().filter((s) => s.deletedAt === undefined && matchesFilters(s, filters));
    const start = decodeNextToken(optionalString(input, 'NextToken'), live.length);
    const size = Math.min(Math.max(maxResults ?? MAX_IDS, 1), MAX_IDS);
    targets = live.slice(start, start + size).map((s) => s.arn);
    if (start + size < live.length) nextToken = encodeNextToken(start + size);
  } else {
    targets = ids ?? [];
  }

  const values: JsonObject[] = [];
  const errors: JsonObject[] = [];
  for (const id of targets) {
    try {
      values.push(readOne(ctx, id));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push({ SecretId: id, ErrorCode: error.type, Message: error.message });
    }
  }
  return { SecretValues: values, Errors: errors, ...(nextToken ? { NextToken: nextToken } : {}) };
};
