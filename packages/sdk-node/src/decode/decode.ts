import type { SecretDescriptor } from '@locksmith/schema';
import { SecretsError } from '../errors.js';
import { fieldKey } from '../providers/fields.js';
import type { RawValue } from '../types.js';

type Field = SecretDescriptor['fields'][number];

/**
 * Turns a raw store value into the secret's JS value, before schema validation.
 * - string secret: text as is, or the `''` field; object secret: JSON text, or one field per key.
 * - Binary values are refused (rule `type`): the catalog has no binary secrets, and guessing an
 *   encoding would hide a misplaced secret.
 * - Scalar fields given as strings (env vars, files, Vault UI) become their declared type;
 *   missing fields get their catalog default.
 * - Keys `__proto__`, `constructor` and `prototype`, at any depth, are refused (rule
 *   `forbidden-key`): a value with them could pollute prototypes in code that merges it.
 * Errors never include the text: `JSON.parse` messages quote the input, so they are dropped.
 */
export function decodeValue(secret: SecretDescriptor, raw: RawValue): unknown {
  const name = secret.name;
  if (raw.kind === 'binary') {
    throw invalid(name, '', 'type', 'is binary where text was expected');
  }
  if (secret.kind === 'string') {
    const text = raw.kind === 'text' ? raw.text : raw.fields[''];
    if (text === undefined) throw invalid(name, '', 'required', 'has no value');
    const field = secret.fields[0];
    return field && field.type !== 'string' ? coerce(name, field, text, '') : text;
  }
  let object: unknown;
  if (raw.kind === 'text') {
    try {
      object = JSON.parse(raw.text);
    } catch {
      throw invalid(name, '', 'json', 'is not valid JSON');
    }
  } else {
    object = { ...raw.fields };
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw invalid(name, '', 'type', 'is not a JSON object');
  }
  const forbidden = forbiddenKey(object);
  if (forbidden !== undefined) {
    throw invalid(name, forbidden, 'forbidden-key', 'is a forbidden key (__proto__, constructor, prototype)');
  }
  return withFieldTypes(name, secret.fields, object as Record<string, unknown>);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON pointer of the first forbidden key anywhere in `root` (iterative: no recursion limit to hit). */
function forbiddenKey(root: object): string | undefined {
  const stack: { node: object; pointer: string }[] = [{ node: root, pointer: '' }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    for (const key of Object.keys(node)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (FORBIDDEN_KEYS.has(key)) return at;
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ node: child, pointer: at });
    }
  }
  return undefined;
}

function withFieldTypes(secret: string, fields: readonly Field[], input: Record<string, unknown>): object {
  const output: Record<string, unknown> = { ...input };
  for (const field of fields) {
    const key = fieldKey(field);
    const value = output[key];
    if (value === undefined) {
      if (field.default !== undefined) output[key] = field.default;
    } else if (typeof value === 'string' && field.type !== 'string') {
      output[key] = coerce(secret, field, value, `/${escapePointer(key)}`);
    }
  }
  return output;
}

function coerce(secret: string, field: Field, text: string, pointer: string): string | number | boolean {
  switch (field.type) {
    case 'integer':
      if (/^-?\d+$/.test(text.trim())) return Number(text);
      break;
    case 'number':
      if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
      break;
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      break;
    default:
      return text;
  }
  throw invalid(secret, pointer, 'type', `is not a valid ${field.type}`);
}

function invalid(secret: string, pointer: string, rule: string, what: string): SecretsError {
  const where = pointer === '' ? '' : ` at ${pointer}`;
  return new SecretsError('VALIDATION_FAILED', `secret "${secret}"${where} ${what} (rule: ${rule})`, {
    secret,
    field: pointer === '' ? '/' : pointer,
    rule,
  });
}

/** RFC 6901 escaping of one pointer segment. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
