import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default for `password_encryption = scram-sha-256`. */
const ITERATIONS = 4096;
const SALT_BYTES = 16;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802, RFC 7677), in its text
 * form `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. `ALTER ROLE … PASSWORD '<verifier>'`
 * sets the password without the plaintext ever reaching the server, its statement log or
 * `pg_stat_activity`. PostgreSQL normalises passwords with SASLprep, which leaves printable ASCII as
 * it is; anything else is refused here rather than hashed differently from how the server would.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  if (!/^[\x20-\x7e]+$/.test(password))
    throw new Error(
      'SCRAM verifier: the password must be printable ASCII (SASLprep would change other text)',
    );
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
