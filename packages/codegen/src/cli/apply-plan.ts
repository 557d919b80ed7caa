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
 * Brings the output tree in line with the plan: refuses up front if any target is a file
 * locksmith did not generate, then writes stale and missing files (each atomically), then removes
 * generated files the catalog no longer produces. Unchanged files are not touched.
 */
export async function applyPlan(plan: readonly PlannedFile[], outDir: string): Promise<ApplySummary> {
  const foreign = plan.filter((f) => f.status === 'foreign');
  if (foreign.length > 0) {
    const list = foreign.map((f) => `  ${resolve(outDir, f.path)}`).join('\n');
    throw new ExitError(
      EXIT.usage,
      `locksmith gen: refusing to overwrite files it did not generate (no locksmith header):\n${list}\n` +
        'Move them away or choose another --out.',
    );
  }
  for (const file of plan) {
    if ((file.status === 'stale' || file.status === 'missing') && file.wanted !== undefined) {
      await writeFileAtomic(resolve(outDir, file.path), file.wanted);
    }
  }
  for (const file of plan) {
    if (file.status === 'extra') await removeFileAndEmptyParents(resolve(outDir, file.path), outDir);
  }
  const count = (status: FileStatus) => plan.filter((f) => f.status === status).length;
  return { written: count('stale') + count('missing'), removed: count('extra'), unchanged: count('ok') };
}
