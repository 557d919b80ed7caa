import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { installLeakGuard } from '../src/redact/leak-guard.js';
import type { SecretClient } from '../src/types.js';
import { budget } from './helpers/budget.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY } from './helpers/descriptor.js';
import { loadedTokenClient } from './helpers/token-client.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./fixtures/leak-guard-child.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

/** A client holding the api-token canary. */
async function tokenClient(): Promise<SecretClient<{ 'api-token': string }>> {
  const client = await loadedTokenClient();
  clients.push(client);
  return client;
}

describe('installLeakGuard', () => {
  it(
    'masks every console method and direct writes to process.stdout and process.stderr (a real Node process)',
    async () => {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CHILD], {
        cwd: PACKAGE,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        timeout: 20_000,
      });
      const [guardedStdout, afterUninstall] = stdout.split(/^after-uninstall /m);
      const guarded = `${guardedStdout}\n${stderr}`;
      for (const via of [
        'log',
        'info',
        'warn',
        'error',
        'debug',
        'trace',
        'dir',
        'dirxml',
        'table',
        'assert',
        'count',
        'group',
        'stdout-string',
        'stdout-buffer',
        'stderr',
        'callback',
      ]) {
        const line = guarded.split('\n').find((l) => l.includes(`via-${via}`) || l.includes(`'${via}'`));
        expect(line, via).toBeDefined();
        expect(guarded.slice(guarded.indexOf(line!)), via).toContain('[REDACTED]');
      }
      expectNoCanary(guarded);
      expect(guarded).toContain('via-clean-line stays as written\n');
      // Uninstalled: the stream is the original again.
      expect(afterUninstall).toContain(CANARY.token);
      // A child Node process with tsx: ~1 s quiet, ~3 s on a loaded machine.
    },
    budget(30_000),
  );

  it('passes chunks without a value through untouched, and masks those with one, on any stream', async () => {
    const client = await tokenClient();
    const written: unknown[][] = [];
    const stream = {
      write(...args: unknown[]): boolean {
        written.push(args);
        return true;
      },
    };
    const original = stream.write;
    const uninstall = installLeakGuard(client, { streams: [stream] });
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x41]);
    const done = () => undefined;
    stream.write(bytes);
    stream.write('plain text', 'utf8', done);
    stream.write(`token=${CANARY.token}`, done);
    stream.write(Buffer.from(CANARY.token).toString('hex'), 'hex');
    uninstall();
    expect(stream.write).toBe(original);
    expect(written[0]).toEqual([bytes]);
    expect(written[1]).toEqual(['plain text', 'utf8', done]);
    expect(written[2]).toEqual(['token=[REDACTED]', 'utf8', done]);
    expect(written[3]).toEqual(['[REDACTED]', 'utf8', undefined]);
  });

  it('a guard wrapped again by someone else stays in place after uninstall but stops masking', async () => {
    const client = await tokenClient();
    const written: unknown[] = [];
    const stream = {
      write(chunk: unknown): boolean {
        written.push(chunk);
        return true;
      },
    };
    const uninstall = installLeakGuard(client, { streams: [stream] });
    const guarded = stream.write;
    stream.write = (...args: unknown[]) => guarded.apply(stream, args as [unknown]);
    uninstall();
    stream.write(CANARY.token);
    expect(written).toEqual([CANARY.token]);
  });
});
