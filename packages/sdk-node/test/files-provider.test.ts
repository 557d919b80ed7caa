import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { createFilesProvider } from '../src/providers/files.js';
import type { FetchRequest, SecretClient, SecretVersions } from '../src/types.js';
import { CANARY, databaseSecret, jwtSecret, shopDescriptor } from './helpers/descriptor.js';

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
    const [result] = await createFilesProvider({ root }).fetch([request()], signal);
    expect(result).toEqual({
      ok: true,
      version: {
        versionId: stamp,
        value: { kind: 'fields', fields: { url: CANARY.url, password: CANARY.password } },
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
      expect(versions.current).toEqual({ versionId: stamp, value: CANARY.jwtNext });
      expect(versions.previous?.value).toBe(CANARY.jwt);
      expect(client.secret('jwt-signing-key').current()).toBe(CANARY.jwtNext);
      // the store keeps no stages: the prior version is the rotation overlap
      expect((await client.secret('jwt-signing-key').versions()).previous?.value).toBe(CANARY.jwt);
    } finally {
      await client.close();
    }
  });
});
