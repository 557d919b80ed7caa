import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretVersions } from '@locksmith/sdk-node';

/**
 * AES-256-GCM for personal data. A sealed value is `<keyVersion>.<iv>.<tag>.<ciphertext>`
 * (base64url parts): it names the key version that wrote it, so reads pick that version and
 * a migration can find rows still on an old key.
 */
export interface SealedValue {
  readonly keyVersion: string;
  readonly text: string;
}

export function seal(keys: SecretVersions<string>, plaintext: string): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(keys.current.value), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [keys.current.versionId, iv, cipher.getAuthTag(), body].map((p) =>
    typeof p === 'string' ? Buffer.from(p).toString('base64url') : p.toString('base64url'),
  );
  return { keyVersion: keys.current.versionId, text: parts.join('.') };
}

/** Opens a sealed value with the key version that sealed it; fails clearly when that version is gone. */
export function open(keys: SecretVersions<string>, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!version || !iv || !tag || !body) throw new Error('sealed value is malformed');
  const keyVersion = version.toString('utf8');
  const key = [keys.current, keys.previous].find((k) => k?.versionId === keyVersion);
  if (!key) {
    throw new Error(
      `sealed with key version ${keyVersion}, which is neither current nor previous: run migrate-encryption`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(key.value), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** The catalog stores the key as 32 random bytes in base64url (43 characters). */
function keyBytes(key: string): Buffer {
  const bytes = Buffer.from(key, 'base64url');
  if (bytes.length !== 32) throw new Error(`PII key must decode to 32 bytes, got ${bytes.length}`);
  return bytes;
}
