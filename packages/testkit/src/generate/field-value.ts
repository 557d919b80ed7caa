import type { GenerateRule, JsonSchema, SecretField } from '@locksmith/schema';
import fc from 'fast-check';
import { numberValue } from './number-value.js';
import { type RandomSource, randomInt, randomString, randomUuid } from './random.js';

export type Scalar = string | number | boolean;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Punctuation that survives shells, URLs in quotes, YAML and JSON without escaping surprises. */
const SYMBOLS = '!#%*+-=?@^_~';

/** Generates one value from an explicit rule (templates are resolved by the caller). */
export function fromRule(rule: Exclude<GenerateRule, { kind: 'template' }>, random: RandomSource): string {
  switch (rule.kind) {
    case 'random': {
      const bytes = Buffer.from(random.bytes(rule.bytes));
      return rule.prefix + bytes.toString(rule.encoding);
    }
    case 'password':
      return rule.prefix + randomString(random, rule.symbols ? ALNUM + SYMBOLS : ALNUM, rule.length);
    case 'uuid':
      return randomUuid(random);
  }
}

/** Fills `{field}` placeholders from sibling fields; undefined while one is still missing. */
export function fillFieldTemplate(
  template: string,
  values: Readonly<Record<string, unknown>>,
): string | undefined {
  let missing = false;
  const out = template.replace(/\{([A-Za-z0-9_-]+)\}/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined) {
      missing = true;
      return whole;
    }
    return String(v);
  });
  return missing ? undefined : out;
}

function fromPattern(pattern: string, field: SecretField, random: RandomSource): string | undefined {
  const min = field.minLength ?? 0;
  const max = field.maxLength ?? Number.POSITIVE_INFINITY;
  const arbitrary = fc
    .stringMatching(new RegExp(pattern, 'u'))
    .filter((s) => [...s].length >= min && [...s].length <= max);
  try {
    const [value] = fc.sample(arbitrary, { numRuns: 1, seed: randomInt(random, 0x7fffffff) });
    return value;
  } catch {
    return undefined;
  }
}

/** A sensible schema-valid default for a field without a `generate` rule. */
export function defaultValue(
  field: SecretField,
  schema: JsonSchema,
  random: RandomSource,
  label: string,
): Scalar {
  if (field.default !== undefined) return field.default;
  const enumValues = schema.enum;
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues[0] as Scalar;
  if (field.type === 'boolean') return false;
  if (field.type === 'integer' || field.type === 'number') {
    return numberValue(field.type === 'integer', schema, random, label);
  }
  const slug =
    label
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'value';
  switch (field.format) {
    case 'uri':
      if (field.pattern === undefined) return `https://${slug}.example.test/`;
      break;
    case 'email':
      return `${slug}@example.test`;
    case 'hostname':
      return `${slug}.example.test`;
    case 'uuid':
      return randomUuid(random);
    case 'ipv4':
      return '127.0.0.1';
    case 'ipv6':
      return '::1';
  }
  if (field.pattern !== undefined) {
    const matched = fromPattern(field.pattern, field, random);
    if (matched !== undefined) return matched;
  }
  const length = Math.min(Math.max(field.minLength ?? 0, 32), field.maxLength ?? Number.POSITIVE_INFINITY);
  return randomString(random, ALNUM, length);
}
