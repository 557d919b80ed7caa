import { badRequest, permissionDenied } from './errors.js';
import { authBlock, envelope, noContent, ok, rfc3339 } from './responses.js';
import type { RouteContext, VaultRoute } from './route.js';
import { parseVaultDuration, type VaultToken } from './tokens.js';

/** `lookup-self` data, with the fields External Secrets Operator insists on (type, ttl, expire_time). */
function lookupData(ctx: RouteContext, token: VaultToken): Record<string, unknown> {
  const tokens = ctx.state.tokens;
  return {
    accessor: token.accessor,
    creation_time: Math.floor(token.issuedAt / 1000),
    creation_ttl: Math.floor(token.creationTtlMs / 1000),
    display_name: token.displayName,
    entity_id: token.entityId,
    expire_time: token.expiresAt === undefined ? null : rfc3339(token.expiresAt),
    explicit_max_ttl: Math.floor(token.maxTtlMs / 1000),
    id: token.id,
    identity_policies: [],
    issue_time: rfc3339(token.issuedAt),
    meta: token.meta,
    num_uses: 0,
    orphan: token.orphan,
    path: token.path,
    policies: [...token.policies],
    renewable: token.renewable,
    ttl: tokens.ttlSeconds(token),
    type: 'service',
  };
}

const self = (ctx: RouteContext): VaultToken => {
  if (!ctx.token) throw permissionDenied();
  return ctx.token;
};

const other = (ctx: RouteContext): VaultToken => {
  const id = ctx.body.token;
  const token = typeof id === 'string' ? ctx.state.tokens.lookup(id) : undefined;
  if (!token) throw badRequest('bad token');
  return token;
};

function create(ctx: RouteContext) {
  const parent = self(ctx);
  const b = ctx.body;
  const requested = Array.isArray(b.policies) ? b.policies.map(String) : [...parent.policies];
  if (!parent.policies.includes('root') && requested.some((p) => !parent.policies.includes(p))) {
    throw badRequest('child policies must be subset of parent');
  }
  const ttlMs = parseVaultDuration(b.ttl);
  const maxTtlMs = parseVaultDuration(b.explicit_max_ttl);
  const token = ctx.state.tokens.create({
    policies: requested,
    ...(ttlMs === undefined ? {} : { ttlMs }),
    ...(maxTtlMs === undefined ? {} : { maxTtlMs }),
    ...(typeof b.renewable === 'boolean' ? { renewable: b.renewable } : {}),
    displayName: typeof b.display_name === 'string' ? `token-${b.display_name}` : 'token',
    ...(typeof b.id === 'string' && parent.policies.includes('root') ? { id: b.id } : {}),
  });
  return { status: 200, body: envelope(null, authBlock(ctx.state.tokens, token)) };
}

/** Routes under `auth/token/`. */
export function tokenRoute(rest: string, method: string): VaultRoute | undefined {
  const aclPath = `auth/token/${rest}`;
  const writes = method === 'POST' || method === 'PUT';
  switch (rest) {
    case 'lookup-self':
      if (method !== 'GET' && !writes) return undefined;
      return { op: 'token.lookup-self', aclPath, capability: 'read', run: (c) => ok(lookupData(c, self(c))) };
    case 'renew-self':
      if (!writes) return undefined;
      return {
        op: 'token.renew-self',
        aclPath,
        capability: 'update',
        run: (c) => {
          const token = c.state.tokens.renew(self(c), parseVaultDuration(c.body.increment));
          return { status: 200, body: envelope(null, authBlock(c.state.tokens, token)) };
        },
      };
    case 'revoke-self':
      if (!writes) return undefined;
      return {
        op: 'token.revoke-self',
        aclPath,
        capability: 'update',
        run: (c) => {
          c.state.tokens.revoke(self(c).id);
          return noContent();
        },
      };
    case 'create':
    case 'create-orphan':
      if (!writes) return undefined;
      return { op: 'token.create', aclPath, capability: 'update', run: create };
    case 'lookup':
      if (!writes) return undefined;
      return { op: 'token.lookup', aclPath, capability: 'update', run: (c) => ok(lookupData(c, other(c))) };
    case 'revoke':
      if (!writes) return undefined;
      return {
        op: 'token.revoke',
        aclPath,
        capability: 'update',
        run: (c) => {
          const id = c.body.token;
          if (typeof id === 'string') c.state.tokens.revoke(id);
          return noContent();
        },
      };
    default:
      return undefined;
  }
}
