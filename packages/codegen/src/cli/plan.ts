import { compareStrings, type GeneratedFile } from '../generated-file.js';
import { hasLocksmithHeader } from '../header.js';

/** What a file in the output tree needs, comparing what the catalog produces with what is on disk. */
export type FileStatus =
  /** Identical to what the catalog produces. */
  | 'ok'
  /** Written by locksmith, now different. */
  | 'stale'
  /** The catalog produces it; it is not on disk. */
  | 'missing'
  /** Written by locksmith; the catalog no longer produces it. */
  | 'extra'
  /** Not written by locksmith: gen will not overwrite or remove it, and the check fails on it. */
  | 'foreign'
  /** A symbolic link (or other non-file): never followed, never written through. */
  | 'symlink';

/** One file of the output tree: its status, what is on disk and what the catalog produces. */
export interface PlannedFile {
  readonly path: string;
  readonly status: FileStatus;
  /** On disk now (`undefined` when missing or not a file). */
  readonly current: string | undefined;
  /** What the catalog produces (`undefined` when not produced). */
  readonly wanted: string | undefined;
  /** Set when the only difference is CRLF line endings. */
  readonly crlf?: true;
}

/** What the plan compares. */
export interface PlanInput {
  readonly wanted: readonly GeneratedFile[];
  readonly files: ReadonlyMap<string, string>;
  readonly notFiles: ReadonlySet<string>;
  /** Paths the previous gen recorded in its manifest; `undefined` when there was none. */
  readonly recorded: ReadonlySet<string> | undefined;
  /** Whether a path on disk is this run's business (all of them, unless `--only`). */
  readonly inScope: (path: string) => boolean;
}

/**
 * Compares produced files with the output tree, sorted by path. A file counts as locksmith's when
 * the manifest records it; before there was a manifest (trees from older versions), when it
 * starts with the locksmith header. A file with the header at a path the catalog produces is
 * taken over (and so adopted into the manifest); one elsewhere that the manifest does not
 * record is foreign, whatever its header says.
 */
export function planOutput(input: PlanInput): PlannedFile[] {
  const { wanted, files, notFiles, recorded, inScope } = input;
  const ours = (path: string, contents: string) =>
    recorded?.has(path) === true || (recorded === undefined && hasLocksmithHeader(contents));
  const plan: PlannedFile[] = [];
  const produced = new Set<string>();
  for (const { path, contents } of wanted) {
    produced.add(path);
    if (notFiles.has(path)) {
      plan.push({ path, status: 'symlink', current: undefined, wanted: contents });
      continue;
    }
    const current = files.get(path);
    if (current === undefined) plan.push({ path, status: 'missing', current, wanted: contents });
    else if (current === contents) plan.push({ path, status: 'ok', current, wanted: contents });
    else if (ours(path, current) || hasLocksmithHeader(current)) {
      const crlf = current.includes('\r') && current.replace(/\r\n/g, '\n') === contents;
      plan.push({ path, status: 'stale', current, wanted: contents, ...(crlf ? { crlf } : {}) });
    } else plan.push({ path, status: 'foreign', current, wanted: contents });
  }
  for (const [path, current] of files) {
    if (produced.has(path) || !inScope(path)) continue;
    const status = ours(path, current) ? 'extra' : 'foreign';
    plan.push({ path, status, current, wanted: undefined });
  }
  for (const path of notFiles) {
    if (produced.has(path) || !inScope(path)) continue;
    plan.push({ path, status: 'symlink', current: undefined, wanted: undefined });
  }
  return plan.sort((a, b) => compareStrings(a.path, b.path));
}
