import { AwsError } from '../errors.js';
import type { SecretPayload, SecretTag } from '../model.js';
import type { JsonObject } from './context.js';

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message);

export function optionalString(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid type for parameter ${key}, expected string.`);
  return value;
}

export function requiredString(input: JsonObject, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined || value === '')
    throw invalid(`You must provide a value for the parameter ${key}.`);
  return value;
}

export function optionalNumber(input: JsonObject, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalid(`Invalid type for parameter ${key}, expected integer.`);
  }
  return value;
}

export function optionalBoolean(input: JsonObject, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`Invalid type for parameter ${key}, expected boolean.`);
  return value;
}

export function optionalStringList(input: JsonObject, key: string): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalid(`Invalid type for parameter ${key}, expected a list of strings.`);
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

export function filtersFrom(input: JsonObject): ListFilter[] | undefined {
  const value = input.Filters;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid('Invalid type for parameter Filters, expected a list.');
  return value.map((f: unknown) => {
    const filter = (f ?? {}) as { Key?: unknown; Values?: unknown };
    const keys = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'];
    if (typeof filter.Key !== 'string' || !keys.includes(filter.Key)) {
      throw invalid(`Invalid filter key. Valid keys: ${keys.join(', ')}.`);
    }
    const values = Array.isArray(filter.Values) ? filter.Values.filter((v) => typeof v === 'string') : [];
    return { Key: filter.Key, Values: values as string[] };
  });
}
