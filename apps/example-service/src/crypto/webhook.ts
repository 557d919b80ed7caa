import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerificationKeys } from './jwt.js';

/**
 * Payment-provider webhook signatures: header `t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=…]`, the
 * HMAC taken over the bytes `<t>.` followed by the request body exactly as it arrived. Several `v1`
 * entries are allowed (a provider rotating its secret signs with both); other schemes are ignored.
 */
export const SIGNATURE_HEADER = 'x-payment-signature';
/** How far a signature's timestamp may be from now, either way. */
export const TOLERANCE_SECONDS = 300;

/** Why a webhook was refused. */
export type WebhookErrorReason = 'malformed-header' | 'outside-tolerance' | 'bad-signature' | 'replayed';

/** A refused webhook; the message names the check that failed, never a secret or the body. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  readonly reason: WebhookErrorReason;

  constructor(reason: WebhookErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The header the provider sends for `body` (tests and the demo play the provider). */
export function signWebhook(secret: string, body: string | Buffer, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, Buffer.from(body)).toString('hex')}`;
}

/**
 * Checks the signature against the current secret, then the previous one while the rotation
 * overlap offers it (the provider may still sign with the old secret for a while), over the raw
 * body bytes. The header must hold one
 * integer `t` and at least one `v1` of 64 lower-case hex digits; the timestamp must be within
 * {@link TOLERANCE_SECONDS}. Returns the signed timestamp, which replay protection keys on.
 */
export async function verifyWebhook(
  secrets: VerificationKeys,
  rawBody: Buffer,
  header: string | undefined,
  nowSeconds: number,
): Promise<{ readonly timestamp: number }> {
  const { timestamp, signatures } = parseHeader(header);
  if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS)
    throw new WebhookError('outside-tolerance', 'signature timestamp outside tolerance');
  await secrets.tryEach((secret) => {
    const expected = hmac(secret, timestamp, rawBody);
    if (!signatures.some((given) => timingSafeEqual(given, expected)))
      throw new WebhookError('bad-signature', 'no v1 signature matches');
  });
  return { timestamp };
}

/**
 * Refuses an event id seen before while its signature could still pass the tolerance check: a
 * captured request replayed within {@link TOLERANCE_SECONDS} is rejected, and after that the
 * tolerance check rejects it, so ids are kept only that long.
 */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();

  /** Records `eventId` signed at `timestamp`, or throws `replayed` when it was already seen. */
  check(eventId: string, timestamp: number, nowSeconds: number): void {
    for (const [id, expires] of this.#seen) if (expires < nowSeconds) this.#seen.delete(id);
    if (this.#seen.has(eventId)) throw new WebhookError('replayed', 'event already received');
    this.#seen.set(eventId, timestamp + TOLERANCE_SECONDS);
  }
}

function parseHeader(header: string | undefined): { timestamp: number; signatures: Buffer[] } {
  const malformed = (why: string) =>
    new WebhookError('malformed-header', `malformed signature header: ${why}`);
  if (!header) throw malformed('missing');
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const item of header.split(',')) {
    const match = /^([a-z0-9]+)=(.*)$/.exec(item.trim());
    if (!match) throw malformed('every entry is key=value');
    const [, key, value = ''] = match;
    if (key === 't') {
      if (timestamp !== undefined) throw malformed('more than one t');
      if (!/^[0-9]{1,12}$/.test(value)) throw malformed('t must be an integer number of seconds');
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) throw malformed('v1 must be 64 lower-case hex digits');
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined) throw malformed('no t');
  if (signatures.length === 0) throw malformed('no v1');
  return { timestamp, signatures };
}

function hmac(secret: string, timestamp: number, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}
