import { resolve } from 'node:path';
import { EXIT, ExitError } from './errors.js';
import type { FileStatus, PlannedFile } from './plan.js';
import { removeFileAndEmptyParents, writeFileAtomic } from './write-atomic.js';

/** What `gen` did. */
export interface ApplySummary {
  readonly written: number;
  readonly removed: number;
  readonly unchanged: number;
}

/**
 * Brings the output tree in line with the plan: refuses up front if the tree holds anything
 * locksmith did not write (a foreign file, a symbolic link), then writes stale and missing files
 * (each atomically, never through a link), then removes files it wrote that the catalog no longer
 * produces. Unchanged files are not touched.
 */
export function applyPlan(plan: readonly PlannedFile[], outDir: string): ApplySummary {
  const refused = plan.filter((f) => f.status === 'foreign' || f.status === 'symlink');
  if (refused.length > 0) {
    const list = refused
      .map((f) => `  ${resolve(outDir, f.path)}${f.status === 'symlink' ? ' (a symbolic link)' : ''}`)
      .join('\n');
    throw new ExitError(
      EXIT.usage,
      `locksmith gen: refusing to write: the output directory holds files it did not write:\n${list}\n` +
        'locksmith owns the whole output directory. Move them away (or choose another --out) and run gen again.',
    );
  }
  for (const file of plan) {
    if ((file.status === 'stale' || file.status === 'missing') && file.wanted !== undefined) {
      writeFileAtomic(outDir, file.path, file.wanted);
    }
  }
  for (const file of plan) {
    if (file.status === 'extra') removeFileAndEmptyParents(outDir, file.path);
  }
  const count = (status: FileStatus) => plan.filter((f) => f.status === status).length;
  return { written: count('stale') + count('missing'), removed: count('extra'), unchanged: count('ok') };
}
