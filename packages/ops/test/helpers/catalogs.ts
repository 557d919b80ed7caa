import { fileURLToPath } from 'node:url';

/**
 * A snapshot of the example service's catalog, so that edits to the live example do not break
 * these tests; CI checks the live one with `gen --check`.
 */
export const EXAMPLE_CATALOG = fileURLToPath(
  new URL('../fixtures/example/secrets.catalog.yaml', import.meta.url),
);
