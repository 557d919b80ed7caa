import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorEnabled } from '../src/cli/color.js';
import { EXAMPLE_CATALOG } from './helpers/catalogs.js';
import { runBin, tempDir } from './helpers/cli.js';

describe('colour: FORCE_COLOR, NO_COLOR and the terminal', () => {
  it('follows the terminal when nothing is set', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
  });

  it('turns colour off for a non-empty NO_COLOR, NODE_DISABLE_COLORS or TERM=dumb, even on a terminal', () => {
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NODE_DISABLE_COLORS: '1' }, true)).toBe(false);
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
    // no-color.org: an empty NO_COLOR does not count.
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
  });

  it('turns colour on with FORCE_COLOR without a terminal, and FORCE_COLOR wins over NO_COLOR, as in Node', () => {
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '3', NO_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: 'false' }, true)).toBe(false);
  });
});

describe('the locksmith bin', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await copyFile(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
    expect((await runBin(dir, ['gen', '--only', 'inventory'])).code).toBe(0);
    const path = join(dir, 'generated', 'SECRETS.md');
    await writeFile(path, (await readFile(path, 'utf8')).replace('# Secrets of', '# Secret of'));
  }, 60_000);
  afterAll(() => cleanup());

  it('colours the drift diff in a CI log when FORCE_COLOR is set, and not when NO_COLOR alone is', async () => {
    const forced = await runBin(dir, ['gen', '--only', 'inventory', '--check'], { FORCE_COLOR: '1' });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('\u001b[32m+# Secrets of');
    const plain = await runBin(dir, ['gen', '--only', 'inventory', '--check'], { NO_COLOR: '1' });
    expect(plain.code).toBe(1);
    expect(plain.stderr).not.toContain('\u001b[');
  }, 60_000);
});
