import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretVersions } from '@locksmith/sdk-node';

/**
 * AES-256-GCM for personal data. A sealed value is `p2.<keyVersion>.<iv>.<tag>.<ciphertext>`, the
 * parts base64url: it names the key version that wrote it, so reads pick that version and a
 * migration finds rows still on an old key. The IV is 12 random bytes and the tag 16 bytes, both
 * checked on the way in (Node would otherwise accept a tag truncated to 4 bytes), and the cipher
 * authenticates, as additional data, the row the value belongs to and the key version: a value
 * copied into another row, or relabelled with another version, does not open.
 */
export interface SealedValue {
  readonly keyVersion: string;
  readonly text: string;
}

/** Why a sealed value was refused. */
export type PiiErrorReason = 'malformed' | 'unknown-key-version' | 'not-authentic';

/** A sealed value that does not open; says why, never what it holds. */
export class PiiError extends Error {
  override readonly name = 'PiiError';
  readonly reason: PiiErrorReason;

  constructor(reason: PiiErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The format marker of values bound to their row (values without it predate the binding). */
export const SEALED_FORMAT = 'p2';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Seals `plaintext` for row `rowId` with the current key. */
export function seal(keys: SecretVersions<string>, plaintext: string, rowId: string): SealedValue {
  const { versionId, value } = keys.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(value), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(rowId, versionId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [Buffer.from(versionId, 'utf8'), iv, cipher.getAuthTag(), body].map((p) =>
    p.toString('base64url'),
  );
  return { keyVersion: versionId, text: [SEALED_FORMAT, ...parts].join('.') };
}

/**
 * Opens a value sealed for row `rowId`, with the key version that sealed it (current or previous).
 * Throws a {@link PiiError}: `malformed` (not five parts, bad base64url, wrong IV or tag length),
 * `unknown-key-version` (the key is gone: run migrate-encryption), or `not-authentic` (another
 * row's value, a changed version label, tampering).
 */
export function open(keys: SecretVersions<string>, sealed: string, rowId: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== SEALED_FORMAT)
    throw new PiiError('malformed', `sealed value must be ${SEALED_FORMAT} and four base64url parts`);
  const [version, iv, tag, body] = parts.slice(1).map(base64url);
  const keyVersion = version!.toString('utf8');
  return decrypt(keys, keyVersion, iv!, tag!, body!, associatedData(rowId, keyVersion));
}

/**
 * Opens a value sealed before values were bound to their rows (`<keyVersion>.<iv>.<tag>.<ciphertext>`,
 * no additional data). Only `migrate-encryption` calls it, to re-seal such rows in the bound format.
 */
export function openUnbound(keys: SecretVersions<string>, sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4)
    throw new PiiError('malformed', 'unbound sealed value must be four base64url parts');
  const [version, iv, tag, body] = parts.map(base64url);
  return decrypt(keys, version!.toString('utf8'), iv!, tag!, body!, undefined);
}

function decrypt(
  keys: SecretVersions<string>,
  keyVersion: string,
  iv: Buffer,
  tag: Buffer,
  body: Buffer,
  aad: Buffer | undefined,
): string {
  if (iv.length !== IV_BYTES)
    throw new PiiError('malformed', `IV must be ${IV_BYTES} bytes, got ${iv.length}`);
  if (tag.length !== TAG_BYTES)
    throw new PiiError('malformed', `authentication tag must be ${TAG_BYTES} bytes, got ${tag.length}`);
  const key = [keys.current, keys.previous].find((k) => k?.versionId === keyVersion);
  if (!key) {
    throw new PiiError(
      'unknown-key-version',
      `sealed with key version ${keyVersion}, which is neither current nor previous: run migrate-encryption`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(key.value), iv, { authTagLength: TAG_BYTES });
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new PiiError('not-authentic', 'sealed value does not authenticate for this row and key version');
  }
}

/** What the tag binds besides the ciphertext: the purpose, the row and the key version, length-prefixed. */
function associatedData(rowId: string, keyVersion: string): Buffer {
  const field = (s: string) => {
    const bytes = Buffer.from(s, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  return Buffer.concat([field('locksmith-example/pii/v2'), field(rowId), field(keyVersion)]);
}

/** Strict base64url: only its alphabet, no padding, and the canonical encoding of what it decodes to. */
function base64url(part: string): Buffer {
  const bytes = Buffer.from(part, 'base64url');
  if (!/^[A-Za-z0-9_-]*$/.test(part) || bytes.toString('base64url') !== part)
    throw new PiiError('malformed', 'sealed value part is not canonical base64url');
  return bytes;
}

/** The catalog stores the key as 32 random bytes in base64url (43 characters). */
function keyBytes(key: string): Buffer {
  const bytes = Buffer.from(key, 'base64url');
  if (bytes.length !== KEY_BYTES)
    throw new Error(`PII key must decode to ${KEY_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}
