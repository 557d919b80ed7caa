import { pascalCase } from '../../text.js';

/** Python keywords and soft keywords an attribute or module name must not be. */
const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'case',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'match',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'type',
  'while',
  'with',
  'yield',
]);

/** `reports-py` → `reports_py`, `jwtSigningKey` → `jwt_signing_key`; a keyword gets a trailing `_`. */
export function snakeCase(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .join('_')
    .toLowerCase();
  const identifier = /^[a-z_]/.test(snake) ? snake : `_${snake}`;
  return KEYWORDS.has(identifier) ? `${identifier}_` : identifier;
}

/** Python class name of a secret's value: `payment-api-key` → `PaymentApiKey`. */
export function className(name: string): string {
  return pascalCase(name) || 'Secret';
}

/**
 * A Python string literal. JSON string syntax is a subset of Python's (`\"`, `\\`, `\n`, `\uXXXX`
 * …), so JSON.stringify gives a literal Python reads back as the same text.
 */
export function pyString(text: string): string {
  return JSON.stringify(text);
}
