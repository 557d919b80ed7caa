import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { EXAMPLE_CATALOG } from './helpers/catalogs.js';
import { tempDir } from './helpers/cli.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await copyFile(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

/** Output that tests can wait on: each `until` resolves when a line matching it has been written. */
function watchedIo() {
  let text = '';
  const waiters: Array<{ pattern: RegExp; from: number; resolve: (line: string) => void }> = [];
  const write = (chunk: string) => {
    text += chunk;
    for (const w of [...waiters]) {
      const match = w.pattern.exec(text.slice(w.from));
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match[0]);
      }
    }
  };
  return {
    io: { cwd: dir, color: false, stdout: write, stderr: write },
    /** The next line after everything written so far that matches `pattern`. */
    until: (pattern: RegExp) =>
      new Promise<string>((resolve) => waiters.push({ pattern, from: text.length, resolve })),
  };
}

describe('locksmith gen --watch', () => {
  it('regenerates on every save, reports an invalid catalog and keeps watching, and stops on abort', async () => {
    const { io, until } = watchedIo();
    const stop = new AbortController();
    const watching = until(/watching \.\/secrets\.catalog\.yaml/);
    const done = runCli(['gen', '--watch'], io, { signal: stop.signal, cache: null });
    await watching;
    expect(await readFile(join(dir, 'generated/vault/prod/api.hcl'), 'utf8')).toContain('jwt-signing-key');

    const catalogFile = join(dir, 'secrets.catalog.yaml');
    const original = await readFile(catalogFile, 'utf8');
    let next = until(/locksmith: \d+ written, \d+ removed, \d+ unchanged in \.\/generated \(\d+ ms\)/);
    await writeFile(
      catalogFile,
      original.replace(
        'readers: [worker]\n    rotation: { strategy: manual, every: 365d }',
        'readers: [worker, api]\n    rotation: { strategy: manual, every: 365d }',
      ),
    );
    await next;
    expect(await readFile(join(dir, 'generated/iam/prod/api.json'), 'utf8')).toContain(
      'shop/prod/mail-api-key',
    );

    next = until(/still watching/);
    await writeFile(catalogFile, original.replace('readers: [api]\n', 'readers: [nobody]\n'));
    const reported = await next;
    expect(reported).toContain('still watching');

    next = until(/written, \d+ removed/);
    await writeFile(catalogFile, original);
    await next;
    expect(await readFile(join(dir, 'generated/iam/prod/api.json'), 'utf8')).not.toContain(
      'shop/prod/mail-api-key',
    );

    stop.abort();
    expect(await done).toBe(0);
  });

  it('refuses --watch with --check or --json', async () => {
    const { io } = watchedIo();
    expect(await runCli(['gen', '--watch', '--check'], io, { cache: null })).toBe(2);
  });
});
