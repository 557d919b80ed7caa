import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';
import { ENV, type OpsWorld, runOps, startOpsWorld } from './helpers/ops.js';

const CLEAR = '\r\u001b[2K';

describe('the progress line', () => {
  it('draws [n/total] and free-form steps in place, and clears the line once at the end', () => {
    let text = '';
    const progress = createProgress(true, 2, (t) => {
      text += t;
    });
    progress.status('listing aws under shop/staging/');
    progress.tick('a');
    progress.tick('b');
    progress.done();
    progress.done();
    expect(text).toBe(`${CLEAR}listing aws under shop/staging/${CLEAR}[1/2] a${CLEAR}[2/2] b${CLEAR}`);
  });

  it('draws nothing at all when disabled', () => {
    let text = '';
    const quiet = createProgress(false, 50, (t) => {
      text += t;
    });
    quiet.status('x');
    quiet.tick('x');
    quiet.done();
    expect(text).toBe('');
  });
});

describe('commands that talk to the stores draw it on a terminal only, and never with --json', () => {
  let world: OpsWorld;
  beforeAll(async () => {
    world = await startOpsWorld();
  });
  afterAll(() => world.close());

  const run = (argv: string[], interactive: boolean) => runOps(world, argv, interactive);

  it.each([
    ['doctor', ['doctor', '--env', ENV]],
    ['audit', ['audit', '--env', ENV, '--now', '2026-01-02T00:00:00Z']],
    ['copy', ['copy', '--env', ENV, '--from', 'vault', '--to', 'aws', '--dry-run']],
  ])('%s', async (_name, argv) => {
    const flags = [...argv, ...world.storeFlags];
    const terminal = await run(flags, true);
    expect(terminal.stderr).toMatch(/\[1\/\d+\] [a-z-]+/);
    // Cleared before the report: the report itself has no control characters.
    expect(terminal.stderr.endsWith(CLEAR)).toBe(true);
    expect(terminal.stdout).not.toContain('\u001b');
    const piped = await run(flags, false);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(terminal.stdout);
    const json = await run([...flags, '--json'], true);
    expect(json.stderr).toBe('');
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});
