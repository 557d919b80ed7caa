import type { FakeRequest } from '../http.js';

/**
 * The token a request carries: `X-Vault-Token`, or `Authorization: Bearer <token>`, which Vault
 * accepts as well. Undefined when there is none.
 */
export function requestToken(req: FakeRequest): string | undefined {
  const header = req.headers['x-vault-token'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = req.headers.authorization;
  const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return bearer?.[1];
}
