import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const HASH_BYTES = 32;

/** Users with scrypt password hashes; the demo keeps them in memory. */
export interface UserStore {
  register(name: string, password: string): Promise<void>;
  /**
   * True when the password matches. Takes the same time whether or not the user exists (an unknown
   * name is hashed against a dummy record), so timing does not tell which names are registered.
   */
  check(name: string, password: string): Promise<boolean>;
}

/** How passwords are hashed (scrypt by default; tests count the calls). */
export type PasswordHash = (password: string, salt: Buffer) => Promise<Buffer>;

export function memoryUserStore(
  hashPassword: PasswordHash = (password, salt) => scryptAsync(password, salt, HASH_BYTES),
): UserStore {
  const users = new Map<string, { salt: Buffer; hash: Buffer }>();
  // A record no password matches, hashed like a real one, for names that are not registered.
  const dummy = { salt: randomBytes(16), hash: randomBytes(HASH_BYTES) };
  return {
    async register(name, password) {
      const salt = randomBytes(16);
      users.set(name, { salt, hash: await hashPassword(password, salt) });
    },
    async check(name, password) {
      const user = users.get(name);
      const record = user ?? dummy;
      const hash = await hashPassword(password, record.salt);
      // Compare in both cases, then decide: the unknown-user path does the same work.
      return timingSafeEqual(hash, record.hash) && user !== undefined;
    },
  };
}
