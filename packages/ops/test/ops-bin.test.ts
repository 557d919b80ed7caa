import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './helpers/cli.js';
import { ENV, type OpsWorld, startOpsWorld, valueStrings } from './helpers/ops.js';

let world: OpsWorld;
beforeAll(async () => {
  world = await startOpsWorld();
});
afterAll(() => world.close());

/** The built bin with the world's credentials in its environment, as CI would run it. */
function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: world.dir, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...world.env } },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

describe('the operations commands through the built bin', () => {
  it('reads credentials from the environment and reports drift with exit 1', async () => {
    world.vault.kv.remove('shop/staging/payment-api-key');
    const result = await bin(['doctor', '--env', ENV, '--json', ...world.storeFlags]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { secrets: { secret: string; exists: boolean }[] };
    expect(report.secrets.find((s) => s.secret === 'payment-api-key')?.exists).toBe(false);
    for (const v of valueStrings(world.values)) expect(result.stdout + result.stderr).not.toContain(v);
  });

  it('prints help for each command from its declared options', async () => {
    const help = await bin(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: locksmith audit --env ENV');
    expect(help.stdout).toContain('--now ISO');
    expect((await bin(['copy', '--bogus'])).code).toBe(2);
  });
});
