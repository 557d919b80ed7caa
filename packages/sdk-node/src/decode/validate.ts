import type { SecretDescriptor } from '@locksmith/schema';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SecretsError } from '../errors.js';
import { escapePointer } from './decode.js';

// ajv-formats is CommonJS: the default import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

/** One ajv for the process: compiled validators are cached per descriptor below, never per value. */
let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<SecretDescriptor, ValidateFunction>();
/**
 * Secrets with the same schema text share one compiled validator: a compiled schema costs a few
 * KiB of code, and a service with thousands of `{ type: string }` secrets should not pay it each time.
 */
const bySchemaText = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (!ajv) {
    // strict: false tolerates annotation keywords a catalog may carry; `verbose` stays off so
    // errors never hold the data.
    ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
  }
  return ajv;
}

/** Compiles (once per descriptor) the secret's value schema. Call at client creation to fail early. */
export function validatorFor(secret: SecretDescriptor): ValidateFunction {
  let validate = compiled.get(secret);
  if (!validate) {
    const text = JSON.stringify(secret.schema);
    try {
      validate = bySchemaText.get(text) ?? instance().compile(secret.schema as object);
      bySchemaText.set(text, validate);
    } catch {
      throw new SecretsError(
        'CONFIGURATION',
        `secret "${secret.name}" has a value schema ajv cannot compile`,
        {
          secret: secret.name,
        },
      );
    }
    compiled.set(secret, validate);
  }
  return validate;
}

/**
 * Validates a decoded value; on failure throws VALIDATION_FAILED naming the secret, each failing
 * field as a JSON pointer and the keyword — never the data.
 */
export function validateValue(secret: SecretDescriptor, value: unknown): void {
  const validate = validatorFor(secret);
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map(describe);
  const first = problems[0] ?? { pointer: '/', keyword: 'schema' };
  const list = problems.map((p) => `${p.pointer} ${p.keyword}`).join('; ');
  throw new SecretsError('VALIDATION_FAILED', `secret "${secret.name}" failed validation: ${list}`, {
    secret: secret.name,
    field: first.pointer,
    rule: first.keyword,
  });
}

function describe(error: ErrorObject): { pointer: string; keyword: string } {
  // `required` reports the parent; point at the missing property (a schema name, not data).
  const missing =
    error.keyword === 'required'
      ? (error.params as { missingProperty?: unknown }).missingProperty
      : undefined;
  const pointer =
    typeof missing === 'string'
      ? `${error.instancePath}/${escapePointer(missing)}`
      : error.instancePath || '/';
  return { pointer, keyword: error.keyword };
}
