/**
 * Regenerates src/generated/catalog-types.ts from catalog.schema.json, so the TypeScript
 * view of the catalog can never disagree with the schema editors and the loader use.
 * `--check` exits 1 when the committed file is stale (CI runs it).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const schemaUrl = new URL('../catalog.schema.json', import.meta.url);
const outUrl = new URL('../src/generated/catalog-types.ts', import.meta.url);
const check = process.argv.includes('--check');

const schema = JSON.parse(await readFile(schemaUrl, 'utf8'));
const body = await compile(schema, 'LocksmithCatalog', {
  bannerComment: '',
  additionalProperties: false,
  unreachableDefinitions: false,
  style: { singleQuote: true, printWidth: 110 },
});
const text = `/* Generated from catalog.schema.json by scripts/gen-types.ts. Do not edit; run \`pnpm --filter @locksmith/schema gen:types\`. */\n\n${body}`;

const current = await readFile(outUrl, 'utf8').catch(() => '');
if (check) {
  if (current !== text) {
    process.stderr.write(
      'src/generated/catalog-types.ts is stale: run `pnpm --filter @locksmith/schema gen:types`.\n',
    );
    process.exit(1);
  }
  process.stdout.write('catalog types are up to date\n');
} else if (current !== text) {
  const tmp = `${outUrl.pathname}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, outUrl);
  process.stdout.write('wrote src/generated/catalog-types.ts\n');
}
