import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scramSha256Verifier } from '../src/db/scram.js';

/** RFC 7677 section 3: the SCRAM-SHA-256 exchange for password "pencil". */
const RFC = {
  salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
  clientFirstBare: 'n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinalWithoutProof: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  proof: 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

describe('the SCRAM-SHA-256 verifier the rotation drill sends PostgreSQL', () => {
  const verifier = scramSha256Verifier('pencil', Buffer.from(RFC.salt, 'base64'));
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);

  it("has PostgreSQL's form: SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>", () => {
    expect(match?.slice(1, 3)).toEqual(['4096', RFC.salt]);
  });

  it("lets the RFC's client prove the password and the server sign the exchange", () => {
    const [, , , storedKey, serverKey] = match!;
    const authMessage = `${RFC.clientFirstBare},${RFC.serverFirst},${RFC.clientFinalWithoutProof}`;
    // Server side of the RFC exchange, with only what the verifier stores.
    const serverSignature = createHmac('sha256', Buffer.from(serverKey!, 'base64'))
      .update(authMessage)
      .digest();
    expect(serverSignature.toString('base64')).toBe(RFC.serverSignature);
    const clientSignature = createHmac('sha256', Buffer.from(storedKey!, 'base64'))
      .update(authMessage)
      .digest();
    const clientKey = Buffer.from(RFC.proof, 'base64').map((b, i) => b ^ clientSignature[i]!);
    expect(createHash('sha256').update(clientKey).digest().toString('base64')).toBe(storedKey);
  });

  it('does not contain the password, and uses a fresh salt each time', () => {
    const a = scramSha256Verifier('correct horse battery staple');
    expect(a).not.toContain('correct horse');
    expect(scramSha256Verifier('correct horse battery staple')).not.toBe(a);
  });

  it('refuses a password SASLprep would change, instead of storing a verifier PostgreSQL would not match', () => {
    expect(() => scramSha256Verifier('pässword')).toThrow(
      'SCRAM verifier: the password must be printable ASCII',
    );
  });
});
