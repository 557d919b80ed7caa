import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The packed package, installed into an empty project without vitest: the main entry must load
 * (it used to fail with ERR_MODULE_NOT_FOUND for vitest), and only the `/vitest` subpath needs it.
 * Packs the three workspace packages with pnpm and installs the tarballs with npm from the registry.
 */
const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'locksmith-testkit-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('@locksmith/testkit packed and installed into an empty project', () => {
  it('imports without vitest; the contract suite lives at /vitest and says it needs vitest', () => {
    const tarballs: Record<string, string> = {};
    for (const name of ['schema', 'sdk-node', 'testkit']) {
      run('pnpm', ['pack', '--pack-destination', work], join(packagesDir, name));
      const file = readdirSync(work).find((f) => f.startsWith(`locksmith-${name}-`) && f.endsWith('.tgz'));
      expect(file, `pnpm pack made a tarball for ${name}`).toBeDefined();
      tarballs[`@locksmith/${name}`] = `file:${join(work, file as string)}`;
    }
    const app = join(work, 'app');
    run('mkdir', ['-p', app], work);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: tarballs }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('vitest');

    const main = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('@locksmith/testkit'); const c = m.loadProviderContract(); console.log(typeof m.startFakeSecretsManager, c.scenarios.length > 0, 'describeProviderContract' in m);",
      ],
      app,
    );
    expect(main.trim()).toBe('function true false');

    const subpath = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "try { await import('@locksmith/testkit/vitest'); console.log('loaded'); } catch (e) { console.log(e.code, /'vitest'/.test(e.message)); }",
      ],
      app,
    );
    expect(subpath.trim()).toBe('ERR_MODULE_NOT_FOUND true');
  }, 180_000);
});
