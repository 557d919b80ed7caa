import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Users with scrypt password hashes; the demo keeps them in memory. */
export interface UserStore {
  register(name: string, password: string): Promise<void>;
  /** True when the password matches; constant-time comparison. */
  check(name: string, password: string): Promise<boolean>;
}

export function memoryUserStore(): UserStore {
  const users = new Map<string, { salt: Buffer; hash: Buffer }>();
  return {
    async register(name, password) {
      const salt = randomBytes(16);
      users.set(name, { salt, hash: await scryptAsync(password, salt, 32) });
    },
    async check(name, password) {
      const user = users.get(name);
      if (!user) return false;
      const hash = await scryptAsync(password, user.salt, 32);
      return timingSafeEqual(hash, user.hash);
    },
  };
}
