import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { type SecretVersions, tryEach } from '@locksmith/sdk-node';
import { errors, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { issueToken, type VerificationKeys, verifyToken as verifyWith } from '../src/crypto/jwt.js';
import { open, openUnbound, PiiError, seal } from '../src/crypto/pii.js';
import {
  ReplayGuard,
  signWebhook,
  verifyWebhook as verifyWebhookWith,
  WebhookError,
} from '../src/crypto/webhook.js';

const key = (c: string) => c.repeat(43).slice(0, 43);
const v1: SecretVersions<string> = { current: { versionId: '1', value: key('A') } };
const v2: SecretVersions<string> = { current: { versionId: '2', value: key('B') }, previous: v1.current };
const v3: SecretVersions<string> = { current: { versionId: '3', value: key('C') }, previous: v2.current };
const now = 1_800_000_000;

/** What a secret handle offers, over fixed versions (the handle's own overlap rules are sdk-node's tests). */
const keysOf = (versions: SecretVersions<string>): VerificationKeys => ({
  tryEach: (attempt) => tryEach(versions, attempt),
});
const verifyToken = (versions: SecretVersions<string>, token: string, at: number) =>
  verifyWith(keysOf(versions), token, at);
const verifyWebhook = (
  versions: SecretVersions<string>,
  body: Buffer,
  header: string | undefined,
  at: number,
) => verifyWebhookWith(keysOf(versions), body, header, at);
const encoder = new TextEncoder();

/** A token signed with `v1`'s key, with the claims a caller chooses (to test each required one). */
function tokenWith(claims: {
  exp?: number | undefined;
  iat?: number | undefined;
  sub?: string | undefined;
  aud?: string;
  iss?: string;
}) {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: '1' });
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  if (claims.iss !== undefined) jwt.setIssuer(claims.iss);
  if (claims.aud !== undefined) jwt.setAudience(claims.aud);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(encoder.encode(v1.current.value));
}
const valid = { sub: 'ada', iss: 'shop-api', aud: 'shop-api', iat: now, exp: now + 3600 };

/** What a promise was rejected with. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );

/** What a function threw. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail('expected it to throw');
}

describe('JWT', () => {
  it('accepts a token signed before the rotation while the old key is the previous version', async () => {
    const token = await issueToken(v1, 'ada', now);
    expect(await verifyToken(v2, token, now + 60)).toBe('ada');
  });

  it('rejects it once the old key has left the overlap: a signature failure', async () => {
    const token = await issueToken(v1, 'ada', now);
    expect(await rejection(verifyToken(v3, token, now + 60))).toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });

  it('signs with the current key, names its version in kid, and sets typ, issuer and audience', async () => {
    const token = await issueToken(v2, 'ada', now);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: '2' });
    expect(payload).toEqual({ sub: 'ada', iss: 'shop-api', aud: 'shop-api', iat: now, exp: now + 3600 });
  });

  it('rejects an expired token', async () => {
    const token = await issueToken(v1, 'ada', now, 60);
    expect(await rejection(verifyToken(v1, token, now + 120))).toMatchObject({
      code: 'ERR_JWT_EXPIRED',
      claim: 'exp',
    });
  });

  it.each([
    ['exp', { ...valid, exp: undefined }],
    ['iat', { ...valid, iat: undefined }],
    ['sub', { ...valid, sub: undefined }],
  ])('requires %s: a token without it does not verify, even ten years later', async (claim, claims) => {
    const token = await tokenWith(claims);
    const error = await rejection(verifyToken(v1, token, now + 10 * 365 * 86_400));
    expect(error).toBeInstanceOf(errors.JWTClaimValidationFailed);
    expect(error).toMatchObject({ claim, reason: 'missing' });
  });

  it('checks the audience and the issuer', async () => {
    const otherAudience = await tokenWith({ ...valid, aud: 'billing-api' });
    expect(await rejection(verifyToken(v1, otherAudience, now))).toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'aud',
      reason: 'check_failed',
    });
    const otherIssuer = await tokenWith({ ...valid, iss: 'someone-else' });
    expect(await rejection(verifyToken(v1, otherIssuer, now))).toMatchObject({ claim: 'iss' });
  });

  it('refuses a token older than the maximum age, whatever its exp says', async () => {
    const longLived = await tokenWith({ ...valid, exp: now + 365 * 86_400 });
    expect(await verifyToken(v1, longLived, now + 3600)).toBe('ada');
    expect(await rejection(verifyToken(v1, longLived, now + 13 * 3600))).toMatchObject({
      code: 'ERR_JWT_EXPIRED',
      claim: 'iat',
      reason: 'check_failed',
    });
  });

  it('refuses alg=none, and an HS512 token made with the same key', async () => {
    const unsecured = new UnsecuredJWT({})
      .setSubject('ada')
      .setIssuer('shop-api')
      .setAudience('shop-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .encode();
    expect(await rejection(verifyToken(v1, unsecured, now))).toBeInstanceOf(errors.JOSEAlgNotAllowed);
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
      .setSubject('ada')
      .setIssuer('shop-api')
      .setAudience('shop-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(encoder.encode(v1.current.value));
    expect(await rejection(verifyToken(v1, hs512, now))).toBeInstanceOf(errors.JOSEAlgNotAllowed);
  });
});

describe('PII sealing', () => {
  it('opens a value with the key version that sealed it, current or previous, in its own row', () => {
    const sealed = seal(v1, 'ada@example.test', 'ada');
    expect(sealed.keyVersion).toBe('1');
    expect(sealed.text).toMatch(/^p2\.[\w-]+\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed.text).not.toContain('ada');
    expect(open(v2, sealed.text, 'ada')).toBe('ada@example.test');
  });

  it('says to migrate when the sealing key is neither current nor previous', () => {
    const error = thrown(() => open(v3, seal(v1, 'ada@example.test', 'ada').text, 'ada'));
    expect(error).toBeInstanceOf(PiiError);
    expect(error).toMatchObject({
      reason: 'unknown-key-version',
      message: expect.stringMatching(/key version 1.*migrate-encryption/),
    });
  });

  it('AAD: a value copied into another row does not open there', () => {
    const adas = seal(v1, 'ada@example.test', 'ada').text;
    expect(thrown(() => open(v1, adas, 'mallory'))).toMatchObject({
      name: 'PiiError',
      reason: 'not-authentic',
    });
  });

  it('AAD: a value relabelled with another key version does not open', () => {
    // Both keys are the same bytes, so only the bound version number tells the label is false.
    const same: SecretVersions<string> = {
      current: { versionId: '2', value: key('A') },
      previous: v1.current,
    };
    const parts = seal(v1, 'ada@example.test', 'ada').text.split('.');
    parts[1] = Buffer.from('2').toString('base64url');
    expect(thrown(() => open(same, parts.join('.'), 'ada'))).toMatchObject({ reason: 'not-authentic' });
  });

  it('refuses a truncated tag (Node alone would accept 4 bytes), a short IV and extra parts', () => {
    const parts = seal(v1, 'ada@example.test', 'ada').text.split('.');
    const tag = Buffer.from(parts[3]!, 'base64url');
    for (const bytes of [4, 8, 12, 15]) {
      const truncated = [...parts];
      truncated[3] = tag.subarray(0, bytes).toString('base64url');
      expect(thrown(() => open(v1, truncated.join('.'), 'ada'))).toMatchObject({
        reason: 'malformed',
        message: `authentication tag must be 16 bytes, got ${bytes}`,
      });
    }
    const shortIv = [...parts];
    shortIv[2] = Buffer.from(parts[2]!, 'base64url').subarray(0, 8).toString('base64url');
    expect(thrown(() => open(v1, shortIv.join('.'), 'ada'))).toMatchObject({
      reason: 'malformed',
      message: 'IV must be 12 bytes, got 8',
    });
    expect(thrown(() => open(v1, `${parts.join('.')}.AAAA`, 'ada'))).toMatchObject({ reason: 'malformed' });
    expect(thrown(() => open(v1, parts.slice(1).join('.'), 'ada'))).toMatchObject({ reason: 'malformed' });
    // Not canonical base64url (padding, another alphabet).
    expect(thrown(() => open(v1, [...parts.slice(0, 4), `${parts[4]}=`].join('.'), 'ada'))).toMatchObject({
      reason: 'malformed',
    });
  });

  it('detects a changed ciphertext', () => {
    const parts = seal(v1, 'ada@example.test', 'ada').text.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(thrown(() => open(v1, parts.join('.'), 'ada'))).toMatchObject({ reason: 'not-authentic' });
  });

  it('opens values sealed before the row binding, for migrate-encryption only', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(v1.current.value, 'base64url'), iv);
    const body = Buffer.concat([cipher.update('ada@example.test', 'utf8'), cipher.final()]);
    const legacy = [Buffer.from('1'), iv, cipher.getAuthTag(), body]
      .map((p) => p.toString('base64url'))
      .join('.');
    expect(openUnbound(v2, legacy)).toBe('ada@example.test');
    expect(thrown(() => open(v2, legacy, 'ada'))).toMatchObject({ reason: 'malformed' });
  });
});

describe('payment webhook signatures', () => {
  const secrets: SecretVersions<string> = {
    current: { versionId: '2', value: 'whsec_new' },
    previous: { versionId: '1', value: 'whsec_old' },
  };
  const body = Buffer.from('{"id":"evt_1","type":"payment.succeeded"}');
  const hex = (secret: string, payload: Buffer, t = now) =>
    createHmac('sha256', secret).update(`${t}.`).update(payload).digest('hex');
  const refusal = async (payload: Buffer, header: string | undefined, at = now) => {
    const error = await rejection(verifyWebhook(secrets, payload, header, at));
    expect(error).toBeInstanceOf(WebhookError);
    return error as WebhookError;
  };

  it('accepts the current and the previous secret, and returns the signed timestamp', async () => {
    expect(await verifyWebhook(secrets, body, signWebhook('whsec_new', body, now), now)).toEqual({
      timestamp: now,
    });
    expect(await verifyWebhook(secrets, body, signWebhook('whsec_old', body, now), now)).toEqual({
      timestamp: now,
    });
  });

  it('accepts any matching v1 among several, and ignores other schemes', async () => {
    const header = `t=${now},v1=${hex('whsec_other', body)},v0=abc,v1=${hex('whsec_new', body)}`;
    expect(await verifyWebhook(secrets, body, header, now)).toEqual({ timestamp: now });
  });

  it('HMACs the raw bytes: a body that is not valid UTF-8 verifies as sent, and one changed byte does not', async () => {
    const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(await verifyWebhook(secrets, raw, `t=${now},v1=${hex('whsec_new', raw)}`, now)).toEqual({
      timestamp: now,
    });
    // Decoding to a string and back would have replaced 0xff 0xfe with U+FFFD.
    const reencoded = Buffer.from(raw.toString('utf8'));
    expect((await refusal(reencoded, `t=${now},v1=${hex('whsec_new', raw)}`)).reason).toBe('bad-signature');
  });

  it('rejects a wrong secret and a changed body as bad-signature', async () => {
    expect((await refusal(body, signWebhook('whsec_other', body, now))).reason).toBe('bad-signature');
    expect(
      (await refusal(Buffer.concat([body, Buffer.from(' ')]), signWebhook('whsec_new', body, now))).reason,
    ).toBe('bad-signature');
  });

  it('rejects a timestamp outside the tolerance', async () => {
    expect((await refusal(body, signWebhook('whsec_new', body, now - 600))).reason).toBe('outside-tolerance');
  });

  it.each([
    ['no header', undefined],
    ['no t', `v1=${'a'.repeat(64)}`],
    ['no v1', `t=${now}`],
    ['a fractional t', `t=${now}.5,v1=${'a'.repeat(64)}`],
    ['an exponent t', `t=1.8e9,v1=${'a'.repeat(64)}`],
    ['a negative t', `t=-${now},v1=${'a'.repeat(64)}`],
    ['two t', `t=${now},t=${now},v1=${'a'.repeat(64)}`],
    ['upper-case hex', `t=${now},v1=${'A'.repeat(64)}`],
    ['a short signature', `t=${now},v1=${'a'.repeat(63)}`],
    ['a long signature', `t=${now},v1=${'a'.repeat(66)}`],
    ['an entry without =', `t=${now},v1`],
  ])('rejects %s as a malformed header', async (_name, header) => {
    expect((await refusal(body, header)).reason).toBe('malformed-header');
  });

  it('replay: an event id seen within the tolerance is refused; ids are forgotten once the tolerance has passed', () => {
    const guard = new ReplayGuard();
    guard.check('evt_1', now, now);
    expect(thrown(() => guard.check('evt_1', now, now + 10))).toMatchObject({
      name: 'WebhookError',
      reason: 'replayed',
    });
    guard.check('evt_2', now, now + 10);
    // 301 s on, a replay of evt_1's request fails the tolerance check; the guard no longer needs it.
    guard.check('evt_1', now + 301, now + 301);
  });
});
