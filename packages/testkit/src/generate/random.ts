import { createHash, randomBytes } from 'node:crypto';

/** Where generated test values get their randomness. */
export interface RandomSource {
  bytes(count: number): Uint8Array;
}

/** Strong randomness from the OS (the default): values differ on every run. */
export const cryptoRandom: RandomSource = { bytes: (count) => new Uint8Array(randomBytes(count)) };

/**
 * Deterministic randomness: SHA-256 in counter mode over the seed. The same seed gives the same
 * values on every machine, for snapshot tests and reproducible demos. Not for production secrets.
 */
export function seededRandom(seed: string | number): RandomSource {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return {
    bytes(count) {
      while (pool.length < count) {
        const block = createHash('sha256').update(`${seed}\u0000${counter++}`).digest();
        pool = Buffer.concat([pool, block]);
      }
      const out = new Uint8Array(pool.subarray(0, count));
      pool = pool.subarray(count);
      return out;
    },
  };
}

/** A uniform integer in [0, bound) by rejection sampling (no modulo bias). */
export function randomInt(random: RandomSource, bound: number): number {
  if (bound <= 1) return 0;
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  for (;;) {
    const b = random.bytes(4);
    const n =
      ((b[0] as number) * 0x1000000 +
        ((b[1] as number) << 16) +
        ((b[2] as number) << 8) +
        (b[3] as number)) >>>
      0;
    if (n < limit) return n % bound;
  }
}

/** `length` characters drawn uniformly from `alphabet`. */
export function randomString(random: RandomSource, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(random, alphabet.length)];
  return out;
}

/** An RFC 4122 version 4 UUID from the source's bytes. */
export function randomUuid(random: RandomSource): string {
  const b = random.bytes(16);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
