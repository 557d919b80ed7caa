import type { Catalog, JsonSchema, Secret } from '@locksmith/schema';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { defaultValue, fillFieldTemplate, fromRule, type Scalar } from './field-value.js';
import { cryptoRandom, type RandomSource, seededRandom } from './random.js';

/** A generated value: a string (or number/boolean) for a string secret, fields for an object secret. */
export type TestSecretValue = Scalar | { readonly [field: string]: Scalar };

/** Values to use instead of generated ones: a whole value, or some fields of an object secret. */
export type TestSecretOverrides = Readonly<Record<string, TestSecretValue>>;

export interface CreateTestSecretsOptions {
  /** Only secrets placed in this environment are generated (default: every secret). */
  readonly environment?: string;
  /** A RandomSource, or a seed for deterministic values. Default: crypto-strong randomness. */
  readonly random?: RandomSource | string | number;
}

function propertySchema(secret: Secret, field: string | null): JsonSchema {
  if (field === null) return secret.schema;
  const props = secret.schema.properties as Record<string, JsonSchema> | undefined;
  return props?.[field] ?? {};
}

function generateSecret(
  secret: Secret,
  override: TestSecretValue | undefined,
  random: RandomSource,
): TestSecretValue {
  if (secret.kind === 'string' && override !== undefined) return override;
  const given: Record<string, unknown> =
    override !== undefined && typeof override === 'object' ? { ...override } : {};
  const values: Record<string, Scalar> = {};
  const templates: { key: string; template: string }[] = [];
  for (const field of secret.fields) {
    const key = field.name ?? '';
    if (key in given) {
      values[key] = given[key] as Scalar;
      continue;
    }
    const rule = field.generate;
    if (rule?.kind === 'template') templates.push({ key, template: rule.template });
    else if (rule) values[key] = fromRule(rule, random);
    else
      values[key] = defaultValue(field, propertySchema(secret, field.name), random, `${secret.name}-${key}`);
  }
  // Templates may reference other templates: resolve until nothing changes.
  let pending = templates;
  while (pending.length > 0) {
    const next = pending.filter(({ key, template }) => {
      const filled = fillFieldTemplate(template, values);
      if (filled !== undefined) values[key] = filled;
      return filled === undefined;
    });
    if (next.length === pending.length) {
      throw new Error(
        `createTestSecrets: secret "${secret.name}" has templates that reference unknown or circular fields: ${next.map((t) => t.key || '(value)').join(', ')}`,
      );
    }
    pending = next;
  }
  return secret.kind === 'string' ? (values[''] as Scalar) : values;
}

let ajv: Ajv2020 | undefined;
const validators = new WeakMap<JsonSchema, ValidateFunction>();

/** One compiled validator per (frozen) schema object, shared across calls. */
function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
      addFormats.default(ajv);
    }
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * Schema-valid values for every secret of a catalog, from each field's `generate` rule or a
 * default that fits its type, format, pattern and length. Strong randomness unless seeded.
 * Throws (naming the secret and field, never the value) if a value does not fit its schema.
 */
export function createTestSecrets(
  catalog: Catalog,
  overrides: TestSecretOverrides = {},
  options: CreateTestSecretsOptions = {},
): Record<string, TestSecretValue> {
  const random =
    options.random === undefined
      ? cryptoRandom
      : typeof options.random === 'object'
        ? options.random
        : seededRandom(options.random);
  for (const name of Object.keys(overrides)) {
    if (!catalog.secrets.some((s) => s.name === name)) {
      throw new Error(`createTestSecrets: override for unknown secret "${name}"`);
    }
  }
  const out: Record<string, TestSecretValue> = {};
  for (const secret of catalog.secrets) {
    const env = options.environment;
    if (env !== undefined && !secret.placements.some((p) => p.environment === env)) continue;
    const value = generateSecret(secret, overrides[secret.name], random);
    const validate = validatorFor(secret.schema);
    if (!validate(value)) {
      const where = validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
      throw new Error(
        `createTestSecrets: generated value of "${secret.name}" does not fit its schema (${where})`,
      );
    }
    out[secret.name] = value;
  }
  return out;
}
