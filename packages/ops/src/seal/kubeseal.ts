import {
  constants,
  createCipheriv,
  type KeyObject,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto';

const SESSION_KEY_BYTES = 32;
const GCM_NONCE_BYTES = 12;

/** The controller's public key, from its PEM certificate (`kubeseal --fetch-cert`). */
export function publicKeyFromCertificate(pem: string): KeyObject {
  const key = new X509Certificate(pem).publicKey;
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(`the certificate holds a ${key.asymmetricKeyType} key, not RSA`);
  return key;
}

/** The OAEP label of the strict scope (kubeseal's default): the Secret's `namespace/name`. */
export function strictScopeLabel(namespace: string, name: string): Buffer {
  return Buffer.from(`${namespace}/${name}`, 'utf8');
}

/**
 * kubeseal's hybrid encryption: a fresh 32-byte session key encrypts the value with AES-256-GCM
 * (a zero nonce is safe because each key is used once); RSA-OAEP with SHA-256 and `label`
 * encrypts the session key. Output: 2-byte big-endian length of the RSA ciphertext, the RSA
 * ciphertext, then the GCM ciphertext with its 16-byte tag.
 */
export function hybridEncrypt(publicKey: KeyObject, plaintext: Buffer, label: Buffer): Buffer {
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  const wrapped = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    sessionKey,
  );
  const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES));
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrapped.length);
  return Buffer.concat([length, wrapped, sealed]);
}
