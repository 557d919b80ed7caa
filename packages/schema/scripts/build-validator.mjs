/**
 * Build step after `tsc`: writes the meta-schema's validator as standalone code to
 * dist/generated/catalog-validator.cjs, so loading a catalog neither loads ajv's compiler nor
 * compiles the schema (src/meta-schema.ts falls back to compiling when the file is absent).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { standaloneValidatorSource } from '../dist/standalone-validator.js';

const out = new URL('../dist/generated/catalog-validator.cjs', import.meta.url);
await mkdir(new URL('.', out), { recursive: true });
const temp = new URL(`catalog-validator.cjs.${process.pid}.tmp`, out);
await writeFile(temp, standaloneValidatorSource());
await rename(temp, out);
