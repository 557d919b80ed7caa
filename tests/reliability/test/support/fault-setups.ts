import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FaultKind } from '@locksmith/testkit';
import { dbValue } from './descriptors.js';
import type { Scenario } from './harness.js';

/** How a matrix row breaks the store. Data only; `applySetup` turns it into actions. */
export type FaultSetup =
  | { readonly fault: FaultKind; readonly times: 'once' | 'always' }
  | {
      readonly action:
        | 'invalid-value'
        | 'wrong-type'
        | 'binary-value'
        | 'undecryptable'
        | 'marked-for-deletion'
        | 'revoke-token'
        | 'remove';
    };

/** The value every row seeds first; a canary that must never surface in an error. */
export const GOOD_TOKEN = 'canary-matrix-token-0f1e2d3c4b5a';
export const GOOD_DB = dbValue('r1', 'canary-matrix');

const READ_OPS: Record<string, RegExp> = {
  aws: /^(GetSecretValue|BatchGetSecretValue)$/,
  vault: /^kv\.read$/,
};

/** Breaks the store for one secret as the row says. */
export async function applySetup(s: Scenario, secret: 'token' | 'db', setup: FaultSetup): Promise<void> {
  if ('fault' in setup) {
    const op = READ_OPS[s.store];
    if (!s.faults || !op) throw new Error(`fault ${setup.fault} needs a fake store, not ${s.store}`);
    s.faults.inject({
      op,
      path: s.store === 'vault' ? new RegExp(`/${secret}$`) : /.*/,
      error: setup.fault,
      times: setup.times === 'once' ? 1 : Number.POSITIVE_INFINITY,
    });
    return;
  }
  if (!('action' in setup)) throw new Error('unknown setup');
  switch (setup.action) {
    case 'invalid-value':
      // minLength 16 for the token, a password too short for the db.
      return secret === 'token' ? s.seed('token', 'short') : s.seed('db', { ...GOOD_DB, password: 'short' });
    case 'wrong-type':
      // A string where the schema wants an integer (the token has no typed field to get wrong).
      return s.seed('db', { ...GOOD_DB, port: 'not-a-port' });
    case 'binary-value':
      return s.seed(secret, new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]));
    case 'undecryptable':
      return s.aws?.store.setUndecryptable(s.pathOf(secret));
    case 'marked-for-deletion':
      if (s.aws) {
        const sdk = new SecretsManagerClient({
          endpoint: s.aws.endpoint,
          region: s.aws.region,
          credentials: s.aws.credentials,
        });
        await sdk.send(new DeleteSecretCommand({ SecretId: s.pathOf(secret), RecoveryWindowInDays: 7 }));
        sdk.destroy();
      } else s.vault?.kv.softDelete(s.pathOf(secret));
      return;
    case 'revoke-token':
      await revokeVaultToken(s);
      return;
    case 'remove':
      if (s.store === 'env') delete s.env.API_TOKEN;
      else if (s.store === 'files') rmSync(join(s.filesRoot, secret), { recursive: true });
      return;
  }
}

/** Revokes the client's static token through Vault's own API, as an operator would. */
async function revokeVaultToken(s: Scenario): Promise<void> {
  if (!s.vault || !s.vaultToken) throw new Error('revoke-token needs Vault with token auth');
  const answer = await fetch(`${s.vault.endpoint}/v1/auth/token/revoke`, {
    method: 'POST',
    headers: { 'x-vault-token': s.vault.rootToken, 'content-type': 'application/json' },
    body: JSON.stringify({ token: s.vaultToken }),
  });
  if (answer.status !== 204 && answer.status !== 200) throw new Error(`revoke answered ${answer.status}`);
}
