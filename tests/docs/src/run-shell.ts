import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ShellResult {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs a shell block as a user would paste it, in `cwd`, with bash's `-e -o pipefail` so a failing
 * line fails the block. `node_modules/.bin` comes first on PATH (as in an npm script), colour is off.
 * The block runs in its own process group, which is killed when the block ends, so anything it left
 * running in the background (a `locksmith-fake &`) goes with it; a block still running after
 * `timeoutMs` is killed and reported.
 */
export function runShell(code: string, cwd: string, timeoutMs: number): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', code], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${join(cwd, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
        NO_COLOR: '1',
        FORCE_COLOR: undefined,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`the block ran longer than ${timeoutMs} ms; output so far:\n${output}`));
    }, timeoutMs);
    child.once('error', reject);
    // When bash exits, what it left in the background may still hold the output pipes open: end
    // the group first, then collect the output once the pipes close.
    child.once('exit', (exit) => {
      clearTimeout(timer);
      killGroup();
      child.once('close', () => resolve({ code: exit, output }));
    });
  });
}
