import { pascalCase } from '../../text.js';

/** Words Go spells in capitals (Effective Go, "MixedCaps"), so `database.url` becomes `Database.URL`. */
const INITIALISMS = new Set([
  'api',
  'db',
  'dns',
  'http',
  'https',
  'id',
  'ip',
  'jwt',
  'pii',
  'smtp',
  'sql',
  'tls',
  'uri',
  'url',
  'uuid',
]);

/** `billing-go` → `billinggo`: lower case letters and digits, as Go package names are. */
export function goPackageName(service: string): string {
  const name = service.toLowerCase().replace(/[^a-z0-9]/g, '');
  return /^[a-z]/.test(name) ? name : `secrets${name}`;
}

/** Exported Go identifier: `payment-api-key` → `PaymentAPIKey`, `url` → `URL`. */
export function goExportedName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words
    .map((w) => (INITIALISMS.has(w.toLowerCase()) ? w.toUpperCase() : pascalCase(w)))
    .join('');
  return /^[A-Za-z]/.test(joined) ? joined : `X${joined}`;
}

/**
 * A Go interpreted string literal. Only `"`, `\` and control characters need escaping; the rest
 * of Unicode is written as is (Go source is UTF-8), which keeps the output stable and readable.
 */
export function goString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Pads every name of an aligned column to the longest, the way gofmt lays out struct fields. */
export function alignColumn(rows: ReadonlyArray<readonly [string, string]>, indent = '\t'): string[] {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, rest]) => `${indent}${name.padEnd(width)} ${rest}`);
}
