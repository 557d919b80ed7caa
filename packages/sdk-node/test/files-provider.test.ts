import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { createFilesProvider } from '../src/providers/files.js';
import type { FetchRequest, FetchResult, SecretClient, SecretVersions } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY, databaseSecret, jwtSecret, shopDescriptor } from './helpers/descriptor.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

let root: string;
let serial = 0;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'locksmith-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes a secret the way the kubelet's atomic writer does: a fresh `..<timestamp>` dir, then swaps `..data`. */
function kubeletWrite(secret: string, files: Record<string, string>): string {
  const dir = join(root, secret);
  mkdirSync(dir, { recursive: true });
  const stamp = `..2026_11_23_12_00_00.${String(++serial).padStart(9, '0')}`;
  mkdirSync(join(dir, stamp));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, stamp, name), content);
    try {
      symlinkSync(join('..data', name), join(dir, name));
    } catch {
      // link from an earlier write
    }
  }
  symlinkSync(stamp, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  return stamp;
}

const signal = new AbortController().signal;
const request = (secret = databaseSecret): FetchRequest => ({
  secret,
  placement: secret.placements.dev!,
  environment: 'dev',
  stage: 'current',
});

describe('files provider', () => {
  it('reads one file per field through ..data and uses its target as version id', async () => {
    const stamp = kubeletWrite('database', { DATABASE_URL: CANARY.url, DB_PASSWORD: CANARY.password });
    const created = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    utimesSync(join(root, 'database', stamp), created, created);
    const [result] = await createFilesProvider({ root }).fetch([request()], signal);
    expect(result).toEqual({
      ok: true,
      version: {
        versionId: stamp,
        value: { kind: 'fields', fields: { url: CANARY.url, password: CANARY.password } },
        // The kubelet makes the ..data target for each update: its time is the version's creation date.
        createdAt: created,
      },
    });
  });

  it('works with a plain directory and reports missing files by name', async () => {
    mkdirSync(join(root, 'jwt-signing-key'));
    const provider = createFilesProvider({ root });
    const [missing] = await provider.fetch([request(jwtSecret)], signal);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', secret: 'jwt-signing-key' } });
    writeFileSync(join(root, 'jwt-signing-key', 'JWT_SECRET'), CANARY.jwt);
    const [found] = await provider.fetch([request(jwtSecret)], signal);
    expect(found).toMatchObject({
      ok: true,
      version: { versionId: 'files-1', value: { fields: { '': CANARY.jwt } } },
    });
  });

  describe('path containment: nothing outside the root is read', () => {
    const outside = () => {
      const dir = mkdtempSync(join(tmpdir(), 'locksmith-outside-'));
      writeFileSync(join(dir, 'JWT_SECRET'), CANARY.jwtNext);
      writeFileSync(join(dir, 'DATABASE_URL'), CANARY.url);
      writeFileSync(join(dir, 'DB_PASSWORD'), CANARY.password);
      return dir;
    };
    const expectUnsafe = (result: FetchResult | undefined, why: RegExp) => {
      expect(result).toMatchObject({ ok: false, error: { code: 'UNSAFE_PATH', secret: 'jwt-signing-key' } });
      if (result?.ok !== false) throw new Error('expected a failure');
      expect(result.error.message).toMatch(why);
      expect(result.error.retryable).toBe(false);
      expectNoCanary(JSON.stringify(result.error) + result.error.message);
    };

    it('a secret directory that climbs out of the root (../ in the name) fails with UNSAFE_PATH', async () => {
      const elsewhere = outside();
      try {
        const provider = createFilesProvider({ root, directoryOf: () => relative(root, elsewhere) });
        expectUnsafe((await provider.fetch([request(jwtSecret)], signal))[0], /directory outside the root/);
        const absolute = createFilesProvider({ root, directoryOf: () => elsewhere });
        expectUnsafe((await absolute.fetch([request(jwtSecret)], signal))[0], /directory outside the root/);
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
    });

    it('a ..data link whose target is outside the root fails with UNSAFE_PATH', async () => {
      const elsewhere = outside();
      try {
        mkdirSync(join(root, 'jwt-signing-key'));
        symlinkSync(elsewhere, join(root, 'jwt-signing-key', '..data'));
        const [result] = await createFilesProvider({ root }).fetch([request(jwtSecret)], signal);
        expectUnsafe(result, /\.\.data link that points outside the root/);
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
    });

    it('a field file that is a link to a file outside the root fails with UNSAFE_PATH', async () => {
      const elsewhere = outside();
      try {
        mkdirSync(join(root, 'jwt-signing-key'));
        symlinkSync(join(elsewhere, 'JWT_SECRET'), join(root, 'jwt-signing-key', 'JWT_SECRET'));
        const [result] = await createFilesProvider({ root }).fetch([request(jwtSecret)], signal);
        expectUnsafe(result, /file JWT_SECRET that links outside the root/);
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
    });

    it('links that stay under the root (the kubelet layout, a root reached through a link) are followed', async () => {
      kubeletWrite('jwt-signing-key', { JWT_SECRET: CANARY.jwt });
      const alias = `${root}-alias`;
      symlinkSync(root, alias);
      try {
        const [result] = await createFilesProvider({ root: alias }).fetch([request(jwtSecret)], signal);
        expect(result).toMatchObject({ ok: true, version: { value: { fields: { '': CANARY.jwt } } } });
      } finally {
        rmSync(alias, { force: true });
      }
    });
  });

  it('reloads and fires onChange when the kubelet swaps ..data', async () => {
    kubeletWrite('jwt-signing-key', { JWT_SECRET: CANARY.jwt });
    kubeletWrite('database', { DATABASE_URL: CANARY.url, DB_PASSWORD: CANARY.password });
    kubeletWrite('api-token', { API_TOKEN: CANARY.token });
    const client: SecretClient<{ 'jwt-signing-key': string }> = createSecretClient(shopDescriptor(), {
      environment: 'dev',
      provider: 'files',
      filesRoot: root,
      metrics: false,
    });
    try {
      await client.preload();
      const changed = new Promise<SecretVersions<string>>((resolve) =>
        client.secret('jwt-signing-key').onChange(resolve),
      );
      const stamp = kubeletWrite('jwt-signing-key', { JWT_SECRET: CANARY.jwtNext });
      const versions = await changed;
      expect(versions.current).toMatchObject({ versionId: stamp, value: CANARY.jwtNext });
      expect(versions.previous?.value).toBe(CANARY.jwt);
      expect(client.secret('jwt-signing-key').current()).toBe(CANARY.jwtNext);
      // the store keeps no stages: the prior version is the rotation overlap
      expect((await client.secret('jwt-signing-key').versions()).previous?.value).toBe(CANARY.jwt);
    } finally {
      await client.close();
    }
  });

  it('keeps its watch inside a fallback chain: a ..data swap reloads at once, whatever the TTL', async () => {
    kubeletWrite('jwt-signing-key', { JWT_SECRET: CANARY.jwt });
    kubeletWrite('database', { DATABASE_URL: CANARY.url, DB_PASSWORD: CANARY.password });
    kubeletWrite('api-token', { API_TOKEN: CANARY.token });
    // The primary store has none of the secrets, so the files provider behind it serves them all.
    const primary = new ScriptedProvider('aws');
    const client: SecretClient<{ 'jwt-signing-key': string }> = createSecretClient(shopDescriptor(), {
      environment: 'dev',
      provider: 'aws',
      providers: { aws: primary },
      fallback: ['files'],
      filesRoot: root,
      cacheTtlMs: 24 * 3_600_000,
      metrics: false,
    });
    try {
      await client.preload();
      expect(client.health().secrets.find((s) => s.secret === 'jwt-signing-key')?.provider).toBe('aws>files');
      const changed = new Promise<SecretVersions<string>>((resolve) =>
        client.secret('jwt-signing-key').onChange(resolve),
      );
      const stamp = kubeletWrite('jwt-signing-key', { JWT_SECRET: CANARY.jwtNext });
      expect((await changed).current).toMatchObject({ versionId: stamp, value: CANARY.jwtNext });
    } finally {
      await client.close();
    }
  });
});
