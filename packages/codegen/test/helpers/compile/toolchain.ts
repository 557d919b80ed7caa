import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/codegen/test/helpers/compile/toolchain.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Generated trees of several catalogs: case name → (posix path under the output dir → contents). */
export type GeneratedTrees = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * Compiles the accessors one language's emitter wrote for every catalog of a corpus, in one
 * build, with the real toolchain and against the real SDK of that language.
 */
export interface AccessorCompiler {
  readonly language: 'go' | 'python' | 'rust';
  /** What the check runs, for test names and messages. */
  readonly tool: string;
  /** Why the toolchain cannot run here (a hint on how to get it), or undefined when it can. */
  missing(): Promise<string | undefined>;
  /** How many generated files of this language the trees hold. */
  count(trees: GeneratedTrees): number;
  /** Compiles them; returns every problem as text (none when all compile cleanly). */
  compile(trees: GeneratedTrees): Promise<string[]>;
}

/** The files of one language: [case, path inside the language folder, contents]. */
export function filesOf(
  trees: GeneratedTrees,
  folder: string,
  extension: string,
): Array<readonly [string, string, string]> {
  const found: Array<readonly [string, string, string]> = [];
  for (const [name, files] of trees) {
    for (const [path, contents] of files) {
      if (path.startsWith(`${folder}/`) && path.endsWith(extension))
        found.push([name, path.slice(folder.length + 1), contents]);
    }
  }
  return found;
}

/** A case name as an identifier fragment every language accepts (`hostile-filename` → `hostile_filename`). */
export function identifierOf(name: string): string {
  return `c_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Writes `files` (relative path → contents) under a new temporary directory and returns it. */
export async function writeTree(prefix: string, files: ReadonlyMap<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const [path, contents] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), contents);
  }
  return dir;
}

export const removeTree = (dir: string) => rm(dir, { recursive: true, force: true });

export interface RunResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs a command to completion; never throws for a non-zero exit (the output says why). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

/** True when `command` can be started (found on PATH, or an existing path). */
export function runs(command: string, args: readonly string[] = ['--version']): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, (error) => resolve(!error || typeof error.code === 'number'));
  });
}
