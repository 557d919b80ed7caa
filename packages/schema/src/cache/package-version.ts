import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The installed version of a dependency, as `from` (a module URL) resolves it; part of cache
 * fingerprints, so upgrading a tool never reuses what the old one produced. `unknown` when it
 * cannot be found, which is then a fingerprint of its own.
 */
export function packageVersion(name: string, from: string): string {
  try {
    let dir = dirname(createRequire(from).resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === name && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // No package.json at this level: keep climbing.
      }
      const parent = dirname(dir);
      if (parent === dir) return 'unknown';
      dir = parent;
    }
  } catch {
    return 'unknown';
  }
}
