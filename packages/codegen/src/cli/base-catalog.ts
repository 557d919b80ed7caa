import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { type Catalog, loadCatalog, parseCatalog } from '@locksmith/schema';
import { EXIT, ExitError } from './errors.js';

/** The base side of `locksmith plan`: its name, and how to load it (undefined: no catalog there yet). */
export interface BaseCatalog {
  readonly source: string;
  load(): Promise<Catalog | undefined>;
}

/** Git output larger than this is not a catalog (the loader refuses files over 10 MiB). */
const MAX_GIT_OUTPUT = 16 * 1024 * 1024;

/**
 * Reads the catalog to compare with. `base` is a file when one exists at that path; otherwise a
 * git revision, from which the committed copy of `catalogFile` is read with `git show` — nothing
 * is checked out, so the working tree and the index stay as they are. A revision in which the
 * catalog does not exist yet gives no text: every grant of the head is then new.
 */
export async function readBaseCatalog(base: string, catalogFile: string, cwd: string): Promise<BaseCatalog> {
  const asFile = resolve(cwd, base);
  if (await isFile(asFile)) return { source: base, load: () => loadCatalog(asFile) };

  if (base.startsWith('-') || /[\0\n\r]/.test(base)) {
    throw usage(
      `plan: --base "${printable(base)}" is not a file, nor a git revision (a revision does not start with "-").`,
    );
  }
  const dir = dirname(catalogFile);
  const inRepo = await git(dir, ['rev-parse', '--show-prefix']);
  if (!inRepo.ok) {
    throw usage(
      `plan: --base "${base}" is not a file, and ${dir} is not in a git repository, so it cannot be a git revision either.`,
    );
  }
  const commit = await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`]);
  if (!commit.ok) {
    throw usage(
      `plan: --base "${base}" is neither a file nor a git revision known to this repository (try \`git fetch\`).`,
    );
  }
  const name = basename(catalogFile);
  const source = `${base}:${inRepo.stdout.trim()}${name}`;
  const shown = await git(dir, ['show', '--no-textconv', `${commit.stdout.trim()}:./${name}`]);
  if (shown.ok) return { source, load: async () => parseCatalog(shown.stdout, source) };
  if (/does not exist in|exists on disk, but not in/.test(shown.stderr))
    return { source, load: async () => undefined };
  throw usage(`plan: could not read ${source} from git: ${shown.stderr.trim()}`);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

type GitResult = { ok: true; stdout: string; stderr: string } | { ok: false; stdout: string; stderr: string };

/** Runs git with arguments (never a shell), in `cwd`, with room for a large catalog. */
function git(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((done) => {
    execFile(
      'git',
      [...args],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: MAX_GIT_OUTPUT,
        env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') done({ ok: false, stdout: '', stderr: 'git is not installed or not on PATH' });
        else if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          done({
            ok: false,
            stdout: '',
            stderr: `the file is larger than ${MAX_GIT_OUTPUT / 1024 / 1024} MiB`,
          });
        } else done({ ok: error === null, stdout, stderr });
      },
    );
  });
}

function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function usage(message: string): ExitError {
  return new ExitError(EXIT.usage, message);
}
