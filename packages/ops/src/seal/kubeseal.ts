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

/** The smallest RSA modulus accepted: below 2048 bits a sealed value is not safe to publish in git. */
export const MIN_RSA_BITS = 2048;

/**
 * The controller's public key, from its PEM certificate (`kubeseal --fetch-cert`). Refused, with
 * the reason: a key that is not RSA, an RSA key under {@link MIN_RSA_BITS} bits, and a certificate
 * that has expired at `now` (kubeseal refuses those too: the controller has renewed its key, and
 * values sealed for the old one are sealed for a key it is retiring).
 */
export function publicKeyFromCertificate(pem: string, now: Date): KeyObject {
  const certificate = new X509Certificate(pem);
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(`the certificate holds a ${key.asymmetricKeyType} key, not RSA`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS)
    throw new Error(`its RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required`);
  const expiry = new Date(certificate.validTo);
  if (!(expiry.getTime() > now.getTime()))
    throw new Error(
      `it expired on ${expiry.toISOString()}; fetch the controller's current certificate with \`kubeseal --fetch-cert\``,
    );
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
