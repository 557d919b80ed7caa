import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The catalog's JSON Schema (the file editors point at), loaded once. */
export const catalogJsonSchema: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../catalog.schema.json', import.meta.url), 'utf8'),
);

let compiled: ValidateFunction | undefined;

/** The compiled meta-schema. `verbose` keeps each error's parent schema for did-you-mean hints. */
export function catalogValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // tsType tells json-schema-to-typescript how to type the open-ended value schema; it validates nothing.
    ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
    // Hover text for editors (VS Code's language servers read it); it validates nothing either.
    ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
    compiled = ajv.compile(catalogJsonSchema);
  }
  return compiled;
}

/** Resolves a local `#/$defs/...` reference inside the meta-schema. */
export function resolveLocalRef(ref: string): Record<string, unknown> | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = catalogJsonSchema;
  for (const segment of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[segment];
  }
  return node as Record<string, unknown> | undefined;
}
