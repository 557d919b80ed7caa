import { randomBytes } from 'node:crypto';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The six random characters AWS appends to every secret ARN. */
export function arnSuffix(): string {
  const bytes = randomBytes(6);
  let out = '';
  for (const b of bytes) out += SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length];
  return out;
}

/** `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 chars>` */
export function secretArn(region: string, accountId: string, name: string): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${arnSuffix()}`;
}

/** True when the id is an ARN rather than a name. */
export function isArn(id: string): boolean {
  return id.startsWith('arn:');
}
