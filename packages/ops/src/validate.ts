import type { Secret } from '@locksmith/schema';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: the default import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

/** One way a value fails its schema: where (JSON pointer) and which rule — never the data. */
export interface SchemaProblem {
  readonly pointer: string;
  readonly keyword: string;
}

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<Secret, ValidateFunction>();

function instance(): Ajv2020 {
  if (!ajv) {
    // `verbose` stays off so errors never carry the data.
    ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
  }
  return ajv;
}

function validatorFor(secret: Secret): ValidateFunction {
  let validate = compiled.get(secret);
  if (!validate) {
    validate = instance().compile(secret.schema as object);
    compiled.set(secret, validate);
  }
  return validate;
}

/** Checks a decoded value against the secret's schema, as the runtime does. */
export function schemaProblems(secret: Secret, value: unknown): SchemaProblem[] {
  const validate = validatorFor(secret);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): SchemaProblem {
  // A missing property is reported on its parent; name the property itself.
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const pointer = missing === undefined ? error.instancePath : `${error.instancePath}/${missing}`;
  return { pointer: pointer === '' ? '/' : pointer, keyword: error.keyword };
}

/** `/password minLength, /url pattern`. */
export function formatProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.pointer} ${p.keyword}`).join(', ');
}
