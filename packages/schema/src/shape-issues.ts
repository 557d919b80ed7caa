import type { ErrorObject } from 'ajv';
import type { CatalogIssue, CatalogIssueCode } from './errors.js';
import { resolveLocalRef } from './meta-schema.js';
import type { SourceDocument } from './source/parse.js';
import { pointerOf } from './source/pointer.js';
import { didYouMean } from './suggest.js';

/** JSON Schema keywords a value schema may not use: every field must map to one env var and one typed field. */
const UNSUPPORTED_VALUE_KEYWORDS = new Set([
  '$ref',
  '$defs',
  'definitions',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'items',
  'prefixItems',
  'contains',
  'patternProperties',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'minProperties',
  'maxProperties',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'contentMediaType',
  'contentEncoding',
  'nullable',
]);
const VALUE_SCHEMA_PATH = /^\/secrets\/[^/]+\/schema(\/properties\/[^/]+)?$/;

/** Turns ajv's errors into one located, human-sized issue per real problem. */
export function shapeIssues(errors: readonly ErrorObject[], source: SourceDocument): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const seen = new Set<string>();
  for (const error of relevant(errors)) {
    const issue = toIssue(error, source);
    const key = `${issue.pointer}\0${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return oneIssuePerTypo(issues).sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * A mistyped required key is one mistake, not two: `readerz` is an unknown key, and `readers` is then
 * missing. When an unknown key's did-you-mean names a key missing from the same object, only the
 * unknown key is reported, its hint saying that the key it resembles is required.
 */
function oneIssuePerTypo(issues: readonly CatalogIssue[]): CatalogIssue[] {
  const missing = new Map<string, CatalogIssue>();
  for (const issue of issues) {
    const key = MISSING_KEY.exec(issue.message)?.[1];
    if (key !== undefined) missing.set(`${issue.pointer}/${key}`, issue);
  }
  const absorbed = new Set<CatalogIssue>();
  const merged = issues.map((issue) => {
    if (issue.code !== 'unknown-key') return issue;
    const guess = DID_YOU_MEAN.exec(issue.hint ?? '')?.[1];
    const parent = issue.pointer.slice(0, issue.pointer.lastIndexOf('/'));
    const required = guess === undefined ? undefined : missing.get(`${parent}/${guess}`);
    if (!required) return issue;
    absorbed.add(required);
    const what = required.hint && !required.hint.startsWith('Add "') ? ` ${required.hint}` : '';
    return { ...issue, hint: `Did you mean "${guess}"? It is required here.${what}` };
  });
  return merged.filter((issue) => !absorbed.has(issue));
}

const MISSING_KEY = /^missing required key "(.*)"$/;
const DID_YOU_MEAN = /^Did you mean "(.*)"\?$/;

/**
 * Drops the noise ajv adds around a real error: if/then wrappers, and the branches of a failed
 * anyOf that do not fit the value. A value of the wrong type for a branch ("must be object" for a
 * name) says nothing; the errors of the branch whose type fits it (a bad name, an unknown key of
 * the object form) are the real problem, and then the anyOf's own summary is noise too. Only when
 * no branch fits the value's type does the summary stay, alone.
 */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const at = anyOf.instancePath;
    const branches = errors.filter(
      (e) => e !== anyOf && (e.instancePath === at || e.instancePath.startsWith(`${at}/`)),
    );
    const fitting = branches.filter((e) => !(e.keyword === 'type' && e.instancePath === at));
    for (const e of branches) if (!fitting.includes(e)) dropped.add(e);
    if (fitting.length > 0) dropped.add(anyOf);
  }
  return errors.filter((e) => {
    if (dropped.has(e) || e.keyword === 'if') return false;
    return e.keyword === 'propertyNames' || e.propertyName === undefined;
  });
}

function toIssue(error: ErrorObject, source: SourceDocument): CatalogIssue {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  let pointer = error.instancePath;
  let atKey = false;
  let code: CatalogIssueCode = 'schema';
  let message: string;
  let hint: string | undefined;

  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      pointer = `${pointer}${pointerOf(key)}`;
      atKey = true;
      if (VALUE_SCHEMA_PATH.test(error.instancePath) && UNSUPPORTED_VALUE_KEYWORDS.has(key)) {
        code = 'unsupported-keyword';
        message = `value schemas cannot use "${key}"`;
        hint =
          'Locksmith generates one env var and one typed field per value, so a value schema is a string or an object of scalar fields (type, properties, required, minLength, maxLength, pattern, format, enum, minimum, maximum, default).';
        break;
      }
      code = 'unknown-key';
      message = `unknown key "${key}"`;
      const allowed = allowedKeys(parent);
      const guess = didYouMean(key, allowed);
      hint = guess ? `Did you mean "${guess}"?` : `Allowed keys here: ${allowed.join(', ')}.`;
      break;
    }
    case 'required': {
      const key = String(params.missingProperty);
      message = `missing required key "${key}"`;
      hint = describe(propertySchema(parent, key)) ?? `Add "${key}".`;
      break;
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      pointer = `${pointer}${pointerOf(name)}`;
      atKey = true;
      message = `"${name}" is not a valid name here`;
      hint =
        describe(parent.propertyNames as Record<string, unknown> | undefined) ??
        describe(resolveLocalRef('#/$defs/name')) ??
        undefined;
      break;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      message = `must be one of: ${allowed.join(', ')}`;
      const guess = typeof error.data === 'string' ? didYouMean(error.data, allowed) : undefined;
      hint = guess ? `Did you mean "${guess}"?` : describe(parent);
      break;
    }
    case 'pattern':
      message = `${JSON.stringify(truncate(String(error.data)))} does not match ${String(params.pattern)}`;
      hint = describe(parent);
      break;
    case 'anyOf':
      message = 'is neither a name nor an object of the expected form';
      hint =
        'An environment is a lower-case name such as `prod`, or an object such as `{ name: prod, production: true }`.';
      break;
    case 'const':
      message = `must be ${JSON.stringify(params.allowedValue)}`;
      hint = describe(parent);
      break;
    case 'type': {
      const expected = String(params.type).split(',');
      const data: unknown = error.data;
      message = `must be ${expected.map(typeWord).join(' or ')}, not ${valueWord(data)}`;
      // Only primitives are echoed: an object's own `toString` may be anything, even not a function.
      const quote =
        expected.includes('string') && typeof data === 'number'
          ? 'YAML reads an unquoted number as a number (dropping leading zeros); put the value in quotes, as written.'
          : expected.includes('string') && typeof data === 'boolean'
            ? `YAML reads ${data} as true or false; put it in quotes.`
            : expected.includes('array') && typeof data === 'string'
              ? `Write a list, e.g. [${truncate(data)}].`
              : undefined;
      hint = [quote, describe(parent)].filter((h) => h !== undefined).join(' ') || undefined;
      break;
    }
    case 'uniqueItems':
      message = `lists the same item twice (positions ${String(params.j)} and ${String(params.i)})`;
      hint = 'Remove the duplicate.';
      break;
    default:
      message = error.message ?? 'is not valid';
      hint = describe(parent);
  }

  const pos = source.locate(pointer, { key: atKey });
  return { code, message, hint, file: source.file, line: pos.line, column: pos.column, pointer };
}

function allowedKeys(schema: Record<string, unknown>): string[] {
  const keys = new Set<string>(Object.keys((schema.properties as object | undefined) ?? {}));
  if (typeof schema.$ref === 'string') {
    for (const key of Object.keys((resolveLocalRef(schema.$ref)?.properties as object | undefined) ?? {})) {
      keys.add(key);
    }
  }
  return [...keys].sort();
}

function propertySchema(schema: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const prop = (schema.properties as Record<string, Record<string, unknown>> | undefined)?.[key];
  if (prop && typeof prop.$ref === 'string' && prop.description === undefined)
    return resolveLocalRef(prop.$ref);
  return prop;
}

function describe(schema: Record<string, unknown> | undefined): string | undefined {
  return typeof schema?.description === 'string' ? schema.description : undefined;
}

/** A JSON Schema type as a catalog author thinks of it in YAML. */
function typeWord(type: string): string {
  const words: Record<string, string> = {
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
    null: 'empty',
  };
  return words[type] ?? type;
}

/** What the parsed value is, in the same words. */
function valueWord(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a decimal number';
  return typeof value === 'string' ? 'a string' : typeof value;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
