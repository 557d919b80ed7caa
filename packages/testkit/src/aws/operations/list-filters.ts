import type { StoredSecret } from '../model.js';
import type { ListFilter } from './input.js';

/** Prefix match as ListSecrets does it; a value starting with `!` negates. */
function valueMatches(candidates: readonly string[], value: string): boolean {
  const negate = value.startsWith('!');
  const prefix = negate ? value.slice(1) : value;
  const hit = candidates.some((c) => c.toLowerCase().startsWith(prefix.toLowerCase()));
  return negate ? !hit : hit;
}

function candidatesFor(secret: StoredSecret, key: string): string[] {
  switch (key) {
    case 'name':
      return [secret.name];
    case 'description':
      return secret.description === undefined ? [] : [secret.description];
    case 'tag-key':
      return secret.tags.map((t) => t.Key);
    case 'tag-value':
      return secret.tags.map((t) => t.Value);
    case 'all':
      return [
        secret.name,
        ...(secret.description === undefined ? [] : [secret.description]),
        ...secret.tags.flatMap((t) => [t.Key, t.Value]),
      ];
    default:
      return [];
  }
}

/** Every filter must hold; within a filter any value may match. */
export function matchesFilters(secret: StoredSecret, filters: readonly ListFilter[]): boolean {
  return filters.every((f) => f.Values.some((v) => valueMatches(candidatesFor(secret, f.Key), v)));
}
