import { createRequire } from 'node:module';
import { CATALOG_SCHEMA_SHA256, catalogAjv, catalogJsonSchema } from './meta-schema.js';

/**
 * The meta-schema's validator as standalone CommonJS source (ajv's standalone code), stamped with
 * the sha256 of the schema it was built from. The build writes it to
 * `dist/generated/catalog-validator.cjs`; the loader requires it instead of compiling.
 */
export function standaloneValidatorSource(): string {
  const ajv = catalogAjv({ code: { source: true, esm: false } });
  const validate = ajv.compile(catalogJsonSchema);
  const standalone = createRequire(import.meta.url)('ajv/dist/standalone/index.js') as {
    default: (instance: typeof ajv, fn: typeof validate) => string;
  };
  return (
    '// Generated at build time by scripts/build-validator.mjs from catalog.schema.json. Do not edit.\n' +
    `${standalone.default(ajv, validate)}\nmodule.exports.schemaSha256 = ${JSON.stringify(CATALOG_SCHEMA_SHA256)};\n`
  );
}
