// Writes test values for every secret of the example catalog as JSON, keyed by secret name and
// then by env var name: { "database": { "DATABASE_URL": "postgres://…", … }, … }. The values come
// from @locksmith/testkit's createTestSecrets (the catalog's generate rules, checked against each
// schema), so the Go and Python tests feed the loaders what the Node tests feed the runtime.
// Nothing is committed: run-tests.sh writes the file to a temporary directory.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [catalogPath, outPath] = process.argv.slice(2);
if (!catalogPath || !outPath) {
  process.stderr.write('usage: node test-values.mjs <catalog> <out.json>\n');
  process.exit(2);
}
// The example service depends on both packages; resolve them the way it does.
const require = createRequire(new URL('../apps/example-service/package.json', import.meta.url));
const load = (name) => import(pathToFileURL(require.resolve(name)).href);
const { loadCatalog } = await load('@locksmith/schema');
const { createTestSecrets } = await load('@locksmith/testkit');

const catalog = await loadCatalog(catalogPath);
const values = createTestSecrets(catalog);
const out = {};
for (const secret of catalog.secrets) {
  const value = values[secret.name];
  if (value === undefined) continue;
  out[secret.name] = {};
  for (const field of secret.fields) {
    const scalar = field.name === null ? value : value[field.name];
    if (scalar !== undefined) out[secret.name][field.env] = String(scalar);
  }
}
writeFileSync(outPath, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 });
