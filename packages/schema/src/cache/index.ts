/**
 * `@locksmith/schema/cache`: the content-addressed memo Locksmith's tools keep between runs under
 * `node_modules/.cache/locksmith` (the loader's value-schema compile outcomes, the generator's
 * TypeScript value types). Everything in it can be recomputed; deleting it only costs time.
 */
export type { DiskCache } from './disk-cache.js';
export { diskCacheAt, openDiskCache } from './disk-cache.js';
export type { MemoStore } from './memo-store.js';
export { memoryStore } from './memo-store.js';
export { packageVersion } from './package-version.js';
