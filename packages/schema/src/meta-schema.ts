import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';

const schemaText = readFileSync(new URL('../catalog.schema.json', import.meta.url), 'utf8');

/** The catalog's JSON Schema (the file editors point at), loaded once. */
export const catalogJsonSchema: Readonly<Record<string, unknown>> = JSON.parse(schemaText);

/** sha256 of catalog.schema.json as shipped: a precompiled validator is used only for this exact schema. */
export const CATALOG_SCHEMA_SHA256 = createHash('sha256').update(schemaText).digest('hex');

/** How the meta-schema is compiled, at build time and at run time alike. `verbose` keeps each error's parent schema for did-you-mean hints. */
export const VALIDATOR_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
};

/** The precompiled validator's file, written by `scripts/build-validator.mjs` next to the compiled loader. */
export const PRECOMPILED_VALIDATOR = './generated/catalog-validator.cjs';

let compiled: ValidateFunction | undefined;

/**
 * The compiled meta-schema. The build writes it as standalone code (ajv's own output), so a run
 * neither loads ajv's compiler nor compiles the schema; when that file is missing (running from
 * sources) or was built from another schema, ajv compiles it here, with the same options.
 */
export function catalogValidator(): ValidateFunction {
  compiled ??= precompiledValidator() ?? compileCatalogValidator();
  return compiled;
}

/** Compiles the meta-schema with ajv now (what the build does once). */
export function compileCatalogValidator(): ValidateFunction {
  return catalogAjv().compile(catalogJsonSchema);
}

/** The ajv instance the meta-schema compiles in; `extra` options on top of {@link VALIDATOR_OPTIONS}. */
export function catalogAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020: Ajv } = createRequire(import.meta.url)(
    'ajv/dist/2020.js',
  ) as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv({ ...VALIDATOR_OPTIONS, ...extra });
  // tsType tells json-schema-to-typescript how to type the open-ended value schema; it validates nothing.
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  // Hover text for editors (VS Code's language servers read it); it validates nothing either.
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
  return ajv;
}

function precompiledValidator(): ValidateFunction | undefined {
  let loaded: (ValidateFunction & { schemaSha256?: unknown }) | undefined;
  try {
    loaded = createRequire(import.meta.url)(PRECOMPILED_VALIDATOR);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return loaded?.schemaSha256 === CATALOG_SCHEMA_SHA256 ? loaded : undefined;
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
