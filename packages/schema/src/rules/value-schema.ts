import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { type MemoStore, memoryStore } from '../cache/memo-store.js';
import { packageVersion } from '../cache/package-version.js';
import type { Secret, SecretField } from '../model.js';
import type { Rule, RuleContext } from './context.js';

/** The value schema must compile, mean something, and agree with its own defaults and generators. */
export const checkValueSchemas: Rule = (context) => {
  for (const secret of context.catalog.secrets) {
    let found = 0;
    const counting: RuleContext = {
      ...context,
      report: (problem) => {
        found++;
        context.report(problem);
      },
    };
    checkRequired(secret, context.raw.secrets[secret.name]?.schema.required, counting);
    for (const field of secret.fields) checkField(secret, field, counting);
    // Compiling only clean schemas keeps one mistake from being reported twice, once by us and once by ajv.
    if (found === 0) checkCompiles(secret, context);
  }
};

let sharedAjv: Ajv2020 | undefined;
/** Compile outcomes by schema text, for the loaders without a cache of their own. */
const processOutcomes = memoryStore();

/**
 * What a compile outcome depends on besides the schema: ajv and its formats, and the options
 * below. A change of either makes a cache of outcomes start over.
 */
export function compileOutcomeFingerprint(): string {
  outcomeFingerprint ??= [
    `ajv ${packageVersion('ajv', import.meta.url)}`,
    `ajv-formats ${packageVersion('ajv-formats', import.meta.url)}`,
    'Ajv2020 strict allErrors formats',
  ].join('\n');
  return outcomeFingerprint;
}

let outcomeFingerprint: string | undefined;

function checkCompiles(secret: Secret, { report, compileOutcomes }: RuleContext): void {
  const problem = compileProblem(secret.schema, compileOutcomes ?? processOutcomes);
  if (problem === null) return;
  report({
    code: 'invalid-value-schema',
    pointer: `${secret.pointer}/schema`,
    message: `is not a valid JSON Schema: ${problem}`,
    hint: 'Fix the schema so ajv (JSON Schema 2020-12) can compile it.',
  });
}

/**
 * Compiles the schema with ajv, or finds the outcome of an earlier compile of the same text.
 * Editors, watch mode and repeated CLI runs load the same catalog over and over, and most
 * catalogs repeat a few shapes: with a warm memo, ajv is not even loaded.
 */
function compileProblem(schema: object, outcomes: MemoStore): string | null {
  const key = JSON.stringify(schema);
  const known = outcomes.get(key);
  if (known !== undefined) return known === '' ? null : known;
  const ajv = compiler();
  let outcome: string | null = null;
  try {
    ajv.compile(schema);
  } catch (error) {
    outcome = (error as Error).message || 'ajv refused it';
  } finally {
    ajv.removeSchema(schema);
  }
  outcomes.set(key, outcome ?? '');
  return outcome;
}

/** ajv with formats, loaded on the first compile only (it costs more to load than most catalogs to check). */
function compiler(): Ajv2020 {
  if (!sharedAjv) {
    const require = createRequire(import.meta.url);
    const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const formats = require('ajv-formats') as { default: (ajv: Ajv2020) => Ajv2020 };
    sharedAjv = new Ajv({ strict: true, allErrors: true });
    formats.default(sharedAjv);
  }
  return sharedAjv;
}

/** `required` as written (the model sorts it), so each pointer names the entry the author wrote. */
function checkRequired(secret: Secret, required: unknown, { report }: RuleContext): void {
  if (!Array.isArray(required)) return;
  const names = secret.fields.map((f) => f.name);
  required.forEach((name, index) => {
    if (names.includes(name as string)) return;
    report({
      code: 'invalid-value-schema',
      pointer: `${secret.pointer}/schema/required/${index}`,
      message: `requires "${String(name)}", which is not one of its properties`,
      hint: `Properties: ${names.join(', ')}.`,
    });
  });
}

function checkField(secret: Secret, field: SecretField, { report }: RuleContext): void {
  if (field.pattern !== undefined) {
    try {
      new RegExp(field.pattern, 'u');
    } catch (error) {
      report({
        code: 'invalid-value-schema',
        pointer: `${field.pointer}/pattern`,
        message: `is not a valid regular expression (${(error as Error).message})`,
        hint: 'Patterns are ECMAScript regular expressions with the u flag.',
      });
    }
  }
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    report({
      code: 'invalid-value-schema',
      pointer: `${field.pointer}/minLength`,
      message: `minLength ${field.minLength} is greater than maxLength ${field.maxLength}`,
      hint: 'No value could ever be valid; fix one of them.',
    });
  }
  if (field.default !== undefined && typeof field.default !== jsType(field.type)) {
    report({
      code: 'invalid-value-schema',
      pointer: `${field.pointer}/default`,
      message: `default is a ${typeof field.default}, but the field is ${field.type}`,
      hint: 'Make the default match the field type.',
    });
  }
  const rule = field.generate;
  if (!rule) return;
  if (rule.kind !== 'template' && field.type !== 'string') {
    report({
      code: 'invalid-generate',
      pointer: `${field.pointer}/generate`,
      message: `generate kind "${rule.kind}" makes a string, but the field is ${field.type}`,
      hint: 'Use kind: template with a literal, or drop generate and rely on default.',
    });
  }
  if (rule.kind === 'template') {
    if (rule.template === '') {
      report({
        code: 'invalid-generate',
        pointer: `${field.pointer}/generate`,
        message: 'generate kind "template" needs a template',
        hint: 'Add template: "...", where {field} inserts a sibling field’s value.',
      });
    }
    const siblings = secret.fields
      .map((f) => f.name)
      .filter((n): n is string => n !== null && n !== field.name);
    for (const ref of rule.template.matchAll(/\{([^{}]*)\}/g)) {
      if (siblings.includes(ref[1] ?? '')) continue;
      report({
        code: 'invalid-generate',
        pointer: `${field.pointer}/generate/template`,
        message: `template refers to {${ref[1]}}, which is not a sibling field`,
        hint:
          siblings.length > 0
            ? `Sibling fields: ${siblings.join(', ')}.`
            : 'A string secret has no sibling fields.',
      });
    }
  }
}

function jsType(type: SecretField['type']): string {
  return type === 'integer' ? 'number' : type;
}
