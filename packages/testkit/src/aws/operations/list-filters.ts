import type { StoredSecret } from '../model.js';
import type { ListFilter } from './input.js';

/**
 * How each filter key matches, as the API reference's `Filter` type says: prefix matches that are
 * case-sensitive, except `description` and `all`; `all` breaks the value into words first.
 */
const CASE_SENSITIVE: ReadonlySet<string> = new Set([
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
]);

/**
 * Words as Secrets Manager's search splits them: at every change from lower to upper case, from
 * letter to digit (or back), and at anything that is neither (`credsDatabase#892` → creds, Database, 892).
 */
export function searchWords(text: string): string[] {
  return text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
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
      ].flatMap(searchWords);
    default:
      return [];
  }
}

/** One filter value against one secret; a value starting with `!` negates. */
function valueMatches(secret: StoredSecret, key: string, value: string): boolean {
  const negate = value.startsWith('!');
  const wanted = negate ? value.slice(1) : value;
  const candidates = candidatesFor(secret, key);
  let hit: boolean;
  if (key === 'all') {
    const words = candidates.map((c) => c.toLowerCase());
    hit = searchWords(wanted).every((w) => words.some((c) => c.startsWith(w.toLowerCase())));
  } else if (CASE_SENSITIVE.has(key)) {
    hit = candidates.some((c) => c.startsWith(wanted));
  } else {
    hit = candidates.some((c) => c.toLowerCase().startsWith(wanted.toLowerCase()));
  }
  return negate ? !hit : hit;
}

/** Every filter must hold; within a filter any value may match. */
export function matchesFilters(secret: StoredSecret, filters: readonly ListFilter[]): boolean {
  return filters.every((f) => f.Values.some((v) => valueMatches(secret, f.Key, v)));
}
