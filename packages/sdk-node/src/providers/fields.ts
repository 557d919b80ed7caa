import type { SecretDescriptor } from '@locksmith/schema';

/** Key of a field in a `{kind:'fields'}` raw value: the field name, or `''` for a string secret. */
export function fieldKey(field: SecretDescriptor['fields'][number]): string {
  return field.name ?? '';
}
