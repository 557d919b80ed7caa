import type { Catalog, Secret } from '@locksmith/schema';
import { describeField, genTimeError } from '../go/field-spec.js';
import { translatePattern } from '../go/pattern.js';

/**
 * The SDK checks patterns with the `regex` crate, which, like Go's RE2, has no lookaround and no
 * backreferences: such a pattern fails here, naming the field, rather than when a service starts.
 */
export function checkRustPatterns(catalog: Catalog, secrets: readonly Secret[]): void {
  for (const secret of secrets) {
    for (const field of secret.fields) {
      if (field.pattern === undefined) continue;
      const translated = translatePattern(field.pattern, 'go');
      if (translated.ok) continue;
      throw genTimeError(
        catalog,
        `${field.pointer}/pattern`,
        `the pattern of ${describeField(secret.name, field.name)} uses ${translated.reason}, which the Rust regex crate does not support; rewrite the pattern or drop "rust" from the reading services' languages`,
      );
    }
  }
}
