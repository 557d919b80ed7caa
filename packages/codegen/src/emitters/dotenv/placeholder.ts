import type { SecretField } from '@locksmith/schema';

/**
 * A placeholder describing the expected shape (`<uri>`, `<32+ chars>`, `<integer>`). Built only
 * from the field's type and constraints, never from a default or generated value, so it cannot
 * carry a secret; it always has the form `<…>` so readers and tests can tell it is not a value.
 */
export function placeholder(field: SecretField): string {
  if (field.type !== 'string') return `<${field.type}>`;
  if (field.format) return `<${field.format}>`;
  if (field.pattern) return '<string matching the pattern>';
  if (field.minLength !== undefined && field.maxLength !== undefined) {
    return field.minLength === field.maxLength
      ? `<${field.minLength} chars>`
      : `<${field.minLength}-${field.maxLength} chars>`;
  }
  if (field.minLength !== undefined) return `<${field.minLength}+ chars>`;
  if (field.maxLength !== undefined) return `<up to ${field.maxLength} chars>`;
  return '<string>';
}

/** The human description of what a field expects: type, format, pattern, lengths, default. */
export function expectation(field: SecretField): string {
  const parts: string[] = [field.type];
  if (field.format) parts.push(`format ${field.format}`);
  if (field.pattern) parts.push(`matching /${field.pattern}/`);
  if (field.minLength !== undefined) parts.push(`at least ${chars(field.minLength)}`);
  if (field.maxLength !== undefined) parts.push(`at most ${chars(field.maxLength)}`);
  if (field.default !== undefined) parts.push(`default ${JSON.stringify(field.default)}`);
  return parts.join(', ');
}

function chars(count: number): string {
  return `${count} char${count === 1 ? '' : 's'}`;
}
