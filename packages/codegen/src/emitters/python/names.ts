import { pythonNames } from '@locksmith/schema';
import { pyString } from '../../escape/python.js';

/** Identifier rules live in @locksmith/schema (names/python.ts), shared with the python-names rule. */
export const className = pythonNames.pythonClassName;
export const secretAttribute = pythonNames.pythonSecretAttribute;
export const fieldAttribute = pythonNames.pythonFieldAttribute;
export const snakeCase = pythonNames.pythonPackageName;

/**
 * A JSON value as a Python literal (None/True/False, strings through pyString), one item a line
 * and indented by four spaces a level, so a descriptor diff reads like the TypeScript one.
 */
export function pyLiteral(value: unknown, depth: number): string {
  const pad = '    '.repeat(depth + 1);
  const close = '    '.repeat(depth);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('pyLiteral: numbers must be finite');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${pad}${pyLiteral(v, depth + 1)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${pyString(k)}: ${pyLiteral(v, depth + 1)},`).join('\n')}\n${close}}`;
}
