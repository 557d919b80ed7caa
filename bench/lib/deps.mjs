/**
 * The benchmarks are plain Node scripts outside any workspace package. They borrow the
 * dependencies of `@locksmith/reliability-tests` (which lists every Locksmith package, tinybench
 * and the Powertools anchor), resolved from that package's folder.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const host = createRequire(new URL('../../tests/reliability/package.json', import.meta.url));

/** Imports a package as `tests/reliability` would see it. */
export const load = (specifier) => import(pathToFileURL(host.resolve(specifier)).href);
