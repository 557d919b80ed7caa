import { randomUUID } from 'node:crypto';
import type { FakeResponse } from '../http.js';
import type { TokenStore, VaultToken } from './tokens.js';

/** The envelope every successful Vault answer has. */
export function envelope(data: unknown, auth: unknown = null): Record<string, unknown> {
  return {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth,
  };
}

export const ok = (data: unknown): FakeResponse => ({ status: 200, body: envelope(data) });
export const noContent = (): FakeResponse => ({ status: 204 });

export const rfc3339 = (ms: number): string => new Date(ms).toISOString();

/** The `auth` block of a login or renew answer. */
export function authBlock(tokens: TokenStore, token: VaultToken): Record<string, unknown> {
  return {
    client_token: token.id,
    accessor: token.accessor,
    policies: [...token.policies],
    token_policies: [...token.policies],
    identity_policies: null,
    metadata: token.meta,
    lease_duration: tokens.leaseSeconds(token),
    renewable: token.renewable,
    entity_id: token.entityId,
    token_type: 'service',
    orphan: token.orphan,
    mfa_requirement: null,
    num_uses: 0,
  };
}
