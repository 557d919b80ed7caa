import type { SecretHandle, SecretVersions } from '@locksmith/sdk-node';
import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'shop-api';
const encoder = new TextEncoder();

/** Signs a session token with the current key; the key's version id goes in `kid` so support can tell keys apart. */
export async function issueToken(
  keys: SecretVersions<string>,
  subject: string,
  nowSeconds: number,
  ttlSeconds = 3600,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', kid: keys.current.versionId })
    .setSubject(subject)
    .setIssuer(ISSUER)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ttlSeconds)
    .sign(encoder.encode(keys.current.value));
}

/** Keys to verify with: the secret's handle, whose `tryEach` offers the previous key only during the overlap. */
export type VerificationKeys = Pick<SecretHandle<string>, 'tryEach'>;

/**
 * Verifies with the current key, then the previous one: during a dual-key rotation's overlap a
 * token signed before the rotation keeps working, so rotating the key logs no one out. Once the
 * overlap ends (or the previous key is revoked) the runtime stops offering the old key.
 */
export async function verifyToken(
  keys: VerificationKeys,
  token: string,
  nowSeconds: number,
): Promise<string> {
  return keys.tryEach(async (key) => {
    const { payload } = await jwtVerify(token, encoder.encode(key), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      currentDate: new Date(nowSeconds * 1000),
    });
    if (!payload.sub) throw new Error('token has no subject');
    return payload.sub;
  });
}
