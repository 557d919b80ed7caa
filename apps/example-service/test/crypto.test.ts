import { type SecretVersions, tryEach } from '@locksmith/sdk-node';
import { describe, expect, it } from 'vitest';
import { issueToken, type VerificationKeys, verifyToken } from '../src/crypto/jwt.js';
import { open, seal } from '../src/crypto/pii.js';
import { signWebhook, verifyWebhook } from '../src/crypto/webhook.js';

const key = (c: string) => c.repeat(43).slice(0, 43);
const v1: SecretVersions<string> = { current: { versionId: '1', value: key('A') } };
const v2: SecretVersions<string> = { current: { versionId: '2', value: key('B') }, previous: v1.current };
const v3: SecretVersions<string> = { current: { versionId: '3', value: key('C') }, previous: v2.current };
const now = 1_800_000_000;

/** What a secret handle offers, over fixed versions (the handle's own overlap rules are sdk-node's tests). */
const keysOf = (versions: SecretVersions<string>): VerificationKeys => ({
  tryEach: (attempt) => tryEach(versions, attempt),
});

describe('JWT with dual-key rotation', () => {
  it('accepts a token signed before the rotation while the old key is the previous version', async () => {
    const token = await issueToken(v1, 'ada', now);
    expect(await verifyToken(keysOf(v2), token, now + 60)).toBe('ada');
  });

  it('rejects it once the old key has left the overlap', async () => {
    const token = await issueToken(v1, 'ada', now);
    await expect(verifyToken(keysOf(v3), token, now + 60)).rejects.toThrow();
    // The previous version is still in the object, but its overlap is over: not tried.
    const overlapOver = { ...v2, previous: { ...v1.current, offeredUntil: new Date(0) } };
    await expect(verifyToken(keysOf(overlapOver), token, now + 60)).rejects.toThrow();
  });

  it('signs with the current key and names its version in kid', async () => {
    const token = await issueToken(v2, 'ada', now);
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'HS256', kid: '2' });
    await expect(verifyToken(keysOf(v1), token, now)).rejects.toThrow();
  });

  it('rejects expired tokens', async () => {
    const token = await issueToken(v1, 'ada', now, 60);
    await expect(verifyToken(keysOf(v1), token, now + 120)).rejects.toThrow();
  });
});

describe('PII sealing', () => {
  it('opens a value with the key version that sealed it, current or previous', () => {
    const sealed = seal(v1, 'ada@example.test');
    expect(sealed.keyVersion).toBe('1');
    expect(sealed.text).not.toContain('ada');
    expect(open(v2, sealed.text)).toBe('ada@example.test');
  });

  it('says to migrate when the sealing key is neither current nor previous', () => {
    const sealed = seal(v1, 'ada@example.test');
    expect(() => open(v3, sealed.text)).toThrow(/key version 1.*migrate-encryption/);
  });

  it('detects tampering', () => {
    const parts = seal(v1, 'ada@example.test').text.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => open(v1, parts.join('.'))).toThrow();
  });
});

describe('payment webhook signatures', () => {
  const secrets = keysOf({
    current: { versionId: '2', value: 'whsec_new' },
    previous: { versionId: '1', value: 'whsec_old' },
  });
  const body = '{"type":"payment.succeeded"}';

  it('accepts the current and the previous secret', async () => {
    await expect(
      verifyWebhook(secrets, body, signWebhook('whsec_new', body, now), now),
    ).resolves.toBeUndefined();
    await expect(
      verifyWebhook(secrets, body, signWebhook('whsec_old', body, now), now),
    ).resolves.toBeUndefined();
  });

  it('rejects a wrong secret, a changed body, a replay and a missing header', async () => {
    await expect(verifyWebhook(secrets, body, signWebhook('whsec_other', body, now), now)).rejects.toThrow();
    await expect(
      verifyWebhook(secrets, `${body} `, signWebhook('whsec_new', body, now), now),
    ).rejects.toThrow();
    await expect(
      verifyWebhook(secrets, body, signWebhook('whsec_new', body, now - 600), now),
    ).rejects.toThrow(/tolerance/);
    await expect(verifyWebhook(secrets, body, undefined, now)).rejects.toThrow(/malformed/);
  });
});
