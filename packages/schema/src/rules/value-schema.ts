import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Secret, SecretField } from '../model.js';
import type { Rule, RuleContext } from './context.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

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
/** Compile outcomes by schema text: editors and watch mode reload the same catalog over and over. */
const compileOutcomes = new Map<string, string | null>();

function checkCompiles(secret: Secret, { report }: RuleContext): void {
  const problem = compileProblem(secret.schema);
  if (problem === null) return;
  report({
    code: 'invalid-value-schema',
    pointer: `${secret.pointer}/schema`,
    message: `is not a valid JSON Schema: ${problem}`,
    hint: 'Fix the schema so ajv (JSON Schema 2020-12) can compile it.',
  });
}

function compileProblem(schema: object): string | null {
  const key = JSON.stringify(schema);
  const known = compileOutcomes.get(key);
  if (known !== undefined) return known;
  if (!sharedAjv) {
    sharedAjv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(sharedAjv);
  }
  let outcome: string | null = null;
  try {
    sharedAjv.compile(schema);
  } catch (error) {
    outcome = (error as Error).message;
  } finally {
    sharedAjv.removeSchema(schema);
  }
  if (compileOutcomes.size > 1000) compileOutcomes.clear();
  compileOutcomes.set(key, outcome);
  return outcome;
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
