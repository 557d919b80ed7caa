import { fileURLToPath } from 'node:url';

/** A path inside this package, whatever directory the test runner was started from. */
export const inPackage = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The example catalog the whole repository shares. */
export const EXAMPLE_CATALOG = inPackage('../../apps/example-service/secrets.catalog.yaml');
