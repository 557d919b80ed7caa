// Removes the package's dist/ before tsc writes it again: tsc never deletes the output of a source
// file that is gone, and a stale file in dist/ would be packed and published (check-packages.mjs
// catches its source map naming a missing source).
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
