import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskCacheAt, openDiskCache } from '../src/cache/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'locksmith-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the disk cache', () => {
  it('keeps entries across processes (a reopened cache reads what a flushed one wrote)', () => {
    const first = diskCacheAt(dir);
    first.store('ns', 'tools 1').set('key', 'value');
    first.flush();
    expect(diskCacheAt(dir).store('ns', 'tools 1').get('key')).toBe('value');
    expect(diskCacheAt(dir).store('ns', 'tools 1').get('other')).toBeUndefined();
  });

  it('never reads what other tool versions wrote, and removes their files', async () => {
    const old = diskCacheAt(dir);
    old.store('ns', 'tools 1').set('key', 'old value');
    old.flush();
    const next = diskCacheAt(dir);
    const store = next.store('ns', 'tools 2');
    expect(store.get('key')).toBeUndefined();
    store.set('key', 'new value');
    next.flush();
    expect((await readdir(dir)).filter((f) => f.startsWith('ns-'))).toHaveLength(1);
    expect(diskCacheAt(dir).store('ns', 'tools 2').get('key')).toBe('new value');
  });

  it('treats a corrupt file as empty and repairs it on the next flush', async () => {
    const cache = diskCacheAt(dir);
    cache.store('ns', 'v').set('a', '1');
    cache.flush();
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), '{ not json');
    const reopened = diskCacheAt(dir);
    expect(reopened.store('ns', 'v').get('a')).toBeUndefined();
    reopened.store('ns', 'v').set('a', '2');
    reopened.flush();
    expect(JSON.parse(await readFile(join(dir, file!), 'utf8')).format).toBe(1);
  });

  it('never fails a run when it cannot write', async () => {
    // A file where the directory should be: mkdir fails even for root.
    await writeFile(join(dir, 'taken'), 'not a directory');
    const cache = diskCacheAt(join(dir, 'taken'));
    cache.store('ns', 'v').set('a', '1');
    expect(() => cache.flush()).not.toThrow();
    expect(await readFile(join(dir, 'taken'), 'utf8')).toBe('not a directory');
  });

  it('lives under node_modules/.cache/locksmith of the nearest package, and nowhere outside a package', async () => {
    await writeFile(join(dir, 'package.json'), '{}');
    expect(openDiskCache(dir)?.directory).toBe(join(dir, 'node_modules', '.cache', 'locksmith'));
    const bare = await mkdtemp(join(tmpdir(), 'locksmith-nopkg-'));
    try {
      const found = openDiskCache(bare)?.directory;
      // Outside any package there is nowhere to put it (unless CACHE_DIR says where).
      if (process.env.CACHE_DIR === undefined)
        expect(found === undefined || !found.startsWith(bare)).toBe(true);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});
