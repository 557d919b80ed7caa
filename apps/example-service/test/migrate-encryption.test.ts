import { createCipheriv, randomBytes } from 'node:crypto';
import type { SecretHandle, SecretVersions } from '@locksmith/sdk-node';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../src/crypto/pii.js';
import { memoryCheckpoint, migrateEncryption } from '../src/migrate-encryption.js';
import { memoryProfileStore } from '../src/store/profiles.js';

const key = (c: string) => Buffer.alloc(32, c).toString('base64url');
const v1: SecretVersions<string> = { current: { versionId: '1', value: key('a') } };
const v2: SecretVersions<string> = { current: { versionId: '2', value: key('b') }, previous: v1.current };

/** The handle migrateEncryption reads its versions from. */
const handle = (versions: SecretVersions<string>) =>
  ({ versions: async () => versions }) as unknown as SecretHandle<string>;

/** A value as the service sealed it before values were bound to their rows (no additional data). */
function sealedUnbound(versions: SecretVersions<string>, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(versions.current.value, 'base64url'), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [Buffer.from(versions.current.versionId), iv, cipher.getAuthTag(), body]
    .map((p) => p.toString('base64url'))
    .join('.');
}

describe('migrate-encryption', () => {
  it('re-seals rows on an old key and rows sealed before the row binding, bound to their rows, once', async () => {
    const store = memoryProfileStore();
    await store.put({ id: 'ada', emailSealed: seal(v1, 'ada@example.test', 'ada').text, keyVersion: '1' });
    await store.put({ id: 'bob', emailSealed: sealedUnbound(v2, 'bob@example.test'), keyVersion: '2' });
    await store.put({ id: 'cy', emailSealed: seal(v2, 'cy@example.test', 'cy').text, keyVersion: '2' });

    const result = await migrateEncryption({
      key: handle(v2),
      store,
      checkpoint: memoryCheckpoint(),
      batchSize: 1,
    });
    expect(result).toMatchObject({ targetVersion: '2', reEncrypted: 2 });
    for (const [id, email] of [
      ['ada', 'ada@example.test'],
      ['bob', 'bob@example.test'],
      ['cy', 'cy@example.test'],
    ] as const) {
      const row = (await store.get(id))!;
      expect(row.keyVersion).toBe('2');
      expect(open(v2, row.emailSealed, id)).toBe(email);
    }
    // Bound now: bob's value does not open as ada's.
    const bob = (await store.get('bob'))!.emailSealed;
    expect(() => open(v2, bob, 'ada')).toThrow(
      'sealed value does not authenticate for this row and key version',
    );
    const again = await migrateEncryption({ key: handle(v2), store, checkpoint: memoryCheckpoint() });
    expect(again.reEncrypted).toBe(0);
  });
});
