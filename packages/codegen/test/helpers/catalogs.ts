import { fileURLToPath } from 'node:url';
import { type Catalog, loadCatalog } from '@locksmith/schema';

/**
 * A snapshot of the example service's catalog (the one `pnpm gen` runs on), so that edits to the
 * live example do not break this package's golden tests; CI checks the live one with `gen --check`.
 */
export const EXAMPLE_CATALOG = fileURLToPath(
  new URL('../fixtures/example/secrets.catalog.yaml', import.meta.url),
);

/** Fixture catalogs of this package, by name (`neighbours`, `canary`). */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/catalogs/${name}.catalog.yaml`, import.meta.url));
}

export function loadExample(): Promise<Catalog> {
  return loadCatalog(EXAMPLE_CATALOG);
}

export function loadFixture(name: string): Promise<Catalog> {
  return loadCatalog(fixturePath(name));
}

/** Every catalog the structural tests run on. */
export async function allCatalogs(): Promise<Array<[string, Catalog]>> {
  return [
    ['example', await loadExample()],
    ['neighbours', await loadFixture('neighbours')],
    ['canary', await loadFixture('canary')],
  ];
}
