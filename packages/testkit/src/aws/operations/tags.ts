import type { Operation } from './context.js';
import { optionalStringList, requiredString, tagsFrom } from './input.js';

/** TagResource: adds tags, replacing the value of a key that is already there. */
export const tagResource: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:TagResource', ctx.resourceFor(id));
  const secret = ctx.store.require(id);
  const added = tagsFrom(input);
  secret.tags = [...secret.tags.filter((t) => !added.some((a) => a.Key === t.Key)), ...added];
  return {};
};

/** UntagResource: removes the tags with the given keys. */
export const untagResource: Operation = (ctx, input) => {
  const id = requiredString(input, 'SecretId');
  ctx.authorize('secretsmanager:UntagResource', ctx.resourceFor(id));
  const secret = ctx.store.require(id);
  const keys = optionalStringList(input, 'TagKeys') ?? [];
  secret.tags = secret.tags.filter((t) => !keys.includes(t.Key));
  return {};
};
