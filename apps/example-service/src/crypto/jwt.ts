import type { SecretHandle, SecretVersions } from '@locksmith/sdk-node';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'shop-api';
/** Tokens are for this API only: a token minted for another audience is refused here. */
const AUDIENCE = 'shop-api';
/** However long `exp` says, a token older than this (by `iat`) is refused. */
const MAX_AGE_SECONDS = 12 * 3600;
const encoder = new TextEncoder();

/** Signs a session token with the current key; the key's version id goes in `kid` so support can tell keys apart. */
export async function issueToken(
  keys: SecretVersions<string>,
  subject: string,
  nowSeconds: number,
  ttlSeconds = 3600,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keys.current.versionId })
    .setSubject(subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ttlSeconds)
    .sign(encoder.encode(keys.current.value));
}

/** Keys to verify with: the secret's handle, whose `tryEach` offers the previous key only during the overlap. */
export type VerificationKeys = Pick<SecretHandle<string>, 'tryEach'>;

/**
 * Verifies with the current key, then the previous one: during a dual-key rotation's overlap a
 * token signed before the rotation keeps working, so rotating the key logs no one out. Once the
 * overlap ends (or the previous key is revoked) the runtime stops offering the old key. Only
 * HS256 is accepted (never `alg: none`); `exp`, `iat` and `sub` must be present, the issuer and
 * audience must be this API's, and a token older than {@link MAX_AGE_SECONDS} is refused even if
 * its `exp` lies further out. Throws jose's error for the first failing check (`code` says which).
 */
export async function verifyToken(
  keys: VerificationKeys,
  token: string,
  nowSeconds: number,
): Promise<string> {
  return keys.tryEach(async (key) => {
    const { payload } = await jwtVerify(token, encoder.encode(key), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      typ: 'JWT',
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: MAX_AGE_SECONDS,
      currentDate: new Date(nowSeconds * 1000),
    });
    if (typeof payload.sub !== 'string' || payload.sub === '')
      throw new errors.JWTClaimValidationFailed(
        '"sub" claim must be a non-empty string',
        payload,
        'sub',
        'invalid',
      );
    return payload.sub;
  });
}
