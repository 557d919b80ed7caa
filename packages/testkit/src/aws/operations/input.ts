import { AwsError } from '../errors.js';
import type { SecretPayload, SecretTag } from '../model.js';
import type { JsonObject } from './context.js';

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message);

/** A wrong JSON type: the service cannot even read it into the model (SerializationException). */
const wrongType = (key: string, expected: string): AwsError =>
  new AwsError('SerializationException', `Invalid type for parameter ${key}, expected ${expected}.`);

/** The member name AWS puts in validation messages (`SecretIdList` → `secretIdList`). */
const member = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);

/**
 * A model constraint that failed (required, length, range, enum), worded as AWS words it. The
 * value is shown only when it is not sensitive: a SecretString never appears in an error.
 */
export function validationError(key: string, shown: string | null | undefined, constraint: string): AwsError {
  const value = shown === undefined ? 'Value' : shown === null ? 'Value null' : `Value '${shown}'`;
  return new AwsError(
    'ValidationException',
    `1 validation error detected: ${value} at '${member(key)}' failed to satisfy constraint: ${constraint}`,
  );
}

export function optionalString(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(key, 'string');
  return value;
}

/** A required string member (`@required`, length ≥ 1 in the model): ValidationException otherwise. */
export function requiredString(input: JsonObject, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined) throw validationError(key, null, 'Member must not be null');
  if (value === '') throw validationError(key, '', 'Member must have length greater than or equal to 1');
  return value;
}

/** An integer member, within the model's range when one is given. */
export function optionalNumber(
  input: JsonObject,
  key: string,
  range?: { readonly min: number; readonly max: number },
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(key, 'integer');
  if (range && value < range.min) {
    throw validationError(key, String(value), `Member must have value greater than or equal to ${range.min}`);
  }
  if (range && value > range.max) {
    throw validationError(key, String(value), `Member must have value less than or equal to ${range.max}`);
  }
  return value;
}

export function optionalBoolean(input: JsonObject, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(key, 'boolean');
  return value;
}

/** A list of strings, within the model's length bounds when given. */
export function optionalStringList(
  input: JsonObject,
  key: string,
  length?: { readonly min: number; readonly max: number },
): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw wrongType(key, 'a list of strings');
  const shown = `[${value.join(', ')}]`;
  if (length && value.length < length.min) {
    throw validationError(key, shown, `Member must have length greater than or equal to ${length.min}`);
  }
  if (length && value.length > length.max) {
    throw validationError(key, shown, `Member must have length less than or equal to ${length.max}`);
  }
  return value as string[];
}

/** SecretString or SecretBinary (base64 on the wire), never both. */
export function optionalPayload(input: JsonObject): SecretPayload | undefined {
  const text = optionalString(input, 'SecretString');
  const binary = optionalString(input, 'SecretBinary');
  if (text !== undefined && binary !== undefined) {
    throw invalid(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  if (text !== undefined) return { string: text };
  if (binary !== undefined) return { binary: new Uint8Array(Buffer.from(binary, 'base64')) };
  return undefined;
}

export function tagsFrom(input: JsonObject): SecretTag[] {
  const value = input.Tags;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('Invalid type for parameter Tags, expected a list.');
  return value.map((tag: unknown) => {
    const t = (tag ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof t.Key !== 'string') throw invalid('Every tag needs a Key.');
    return { Key: t.Key, Value: typeof t.Value === 'string' ? t.Value : '' };
  });
}

export interface ListFilter {
  readonly Key: string;
  readonly Values: readonly string[];
}

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

/** `Filters`: at most 10, each with a known key and 1–10 values (the model's constraints). */
export function filtersFrom(input: JsonObject): ListFilter[] | undefined {
  const value = input.Filters;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType('Filters', 'a list');
  if (value.length > 10) {
    throw validationError('Filters', undefined, 'Member must have length less than or equal to 10');
  }
  return value.map((f: unknown, i) => {
    const filter = (f ?? {}) as { Key?: unknown; Values?: unknown };
    if (typeof filter.Key !== 'string' || !FILTER_KEYS.includes(filter.Key)) {
      throw validationError(
        `filters.${i + 1}.member.key`,
        typeof filter.Key === 'string' ? filter.Key : null,
        `Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
      );
    }
    if (!Array.isArray(filter.Values) || filter.Values.some((v) => typeof v !== 'string')) {
      throw wrongType(`Filters[${i}].Values`, 'a list of strings');
    }
    if (filter.Values.length < 1 || filter.Values.length > 10) {
      throw validationError(
        `filters.${i + 1}.member.values`,
        undefined,
        'Member must have length between 1 and 10',
      );
    }
    return { Key: filter.Key, Values: filter.Values as string[] };
  });
}
