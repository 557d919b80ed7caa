import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerificationKeys } from './jwt.js';

/** Payment-provider webhook signatures: header `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'x-payment-signature';
const TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, `${timestamp}.${body}`)}`;
}

/**
 * Checks the signature with the current secret, then the previous one while the rotation overlap
 * offers it (the provider may still sign with the old secret for a while), and rejects replays
 * outside the tolerance.
 */
export async function verifyWebhook(
  secrets: VerificationKeys,
  body: string,
  header: string | undefined,
  nowSeconds: number,
): Promise<void> {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]),
  );
  const timestamp = Number(parts.t);
  const signature = parts.v1;
  if (!Number.isInteger(timestamp) || !signature) throw new Error('missing or malformed signature header');
  if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS)
    throw new Error('signature timestamp outside tolerance');
  await secrets.tryEach((secret) => {
    const expected = Buffer.from(hmac(secret, `${timestamp}.${body}`), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new Error('signature mismatch');
  });
}

function hmac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}
