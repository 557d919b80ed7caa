import type { FakeRequest, FakeResponse } from '../http.js';
import { authMountRoute } from './auth-routes.js';
import { badRequest, invalidToken, permissionDenied, sealedError, VaultHttpError } from './errors.js';
import { kvRoute } from './kv-routes.js';
import { capabilitiesFor, type VaultCapability } from './policy.js';
import { requestToken } from './request-token.js';
import type { VaultRoute } from './route.js';
import type { VaultState } from './state.js';
import { sysRoute } from './sys-routes.js';
import { tokenRoute } from './token-routes.js';
import type { VaultToken } from './tokens.js';

/** The HTTP method Vault sees: `GET ?list=true` is a LIST. */
export function vaultMethod(req: FakeRequest): string {
  const list = req.query.get('list');
  if (req.method === 'GET' && (list === 'true' || list === '1')) return 'LIST';
  return req.method;
}

export const namespaceOf = (req: FakeRequest): string => {
  const header = req.headers['x-vault-namespace'];
  return typeof header === 'string' ? header : '';
};

const noHandler = (path: string): VaultHttpError =>
  new VaultHttpError(404, [`no handler for route "${path}". route entry not found.`]);

const MERGE_PATCH = 'application/merge-patch+json';

/** Finds the route for a request, or undefined when no handler exists for it. */
export function resolveRoute(
  state: VaultState,
  req: FakeRequest,
): { route: VaultRoute | undefined; apiPath: string } {
  const apiPath = req.path.startsWith('/v1/') ? req.path.slice(4).replace(/\/+$/, '') : '';
  const method = vaultMethod(req);
  const namespace = namespaceOf(req);
  if (apiPath.startsWith('sys/')) {
    const route = sysRoute(apiPath.slice(4), method);
    return { route: route && { mountType: 'system', ...route }, apiPath };
  }
  if (apiPath.startsWith('auth/token/')) {
    const route = tokenRoute(apiPath.slice(11), method);
    return { route: route && { mountType: 'token', ...route }, apiPath };
  }
  if (apiPath.startsWith('auth/'))
    return { route: authMountRoute(state.auth, apiPath.slice(5), method), apiPath };
  // Keep a trailing slash for LIST on a folder: `metadata/app/` lists `app/`.
  const kvPath = req.path.startsWith('/v1/') ? req.path.slice(4) : '';
  const found = state.findMount(namespace, kvPath);
  return { route: found ? kvRoute(found.mount, found.rest, method) : undefined, apiPath };
}

function parseBody(req: FakeRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const parsed = JSON.parse(req.body.toString('utf8')) as unknown;
    // Vault decodes into a map, so `null` is an empty body: `vault write -f` and vault/api's
    // `Write(path, nil)` send it to issue an AppRole secret_id.
    if (parsed === null) return {};
    if (typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest('failed to parse JSON input');
}

const errorBody = (error: VaultHttpError): FakeResponse => ({
  status: error.status,
  body: { ...error.extra, errors: [...error.errors] },
  error: error.errors[0] ?? String(error.status),
});

/** The capability a request for a path without a handler would need, for the ACL check Vault makes first. */
const CAPABILITY_BY_METHOD: Readonly<Record<string, VaultCapability>> = {
  GET: 'read',
  HEAD: 'read',
  LIST: 'list',
  POST: 'update',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function allowed(
  state: VaultState,
  token: VaultToken,
  path: string,
  needed: VaultCapability | undefined,
): boolean {
  if (token.policies.includes('root')) return true;
  const caps = capabilitiesFor(state.rulesFor(token.policies), path);
  return needed !== undefined && !caps.has('deny') && caps.has(needed);
}

/** Adds `mount_type` to a success envelope, as Vault does for every mounted path. */
function withMountType(answer: FakeResponse, route: VaultRoute): FakeResponse {
  const body = answer.body as Record<string, unknown> | undefined;
  if (!route.mountType || body === undefined || !('request_id' in body) || 'mount_type' in body)
    return answer;
  return { ...answer, body: { ...body, mount_type: route.mountType } };
}

/**
 * Serves one request in Vault's order: content type, seal, token, ACL, then the handler. A path
 * without a handler is still checked against the token and the ACL first, so only a caller the
 * policy lets in learns that it does not exist (everyone else gets 403, as from Vault).
 */
export function serveVault(state: VaultState, req: FakeRequest): FakeResponse {
  try {
    const { route, apiPath } = resolveRoute(state, req);
    const method = vaultMethod(req);
    const contentType = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim();
    if (method === 'PATCH' && contentType !== MERGE_PATCH) {
      throw new VaultHttpError(415, [
        `PATCH requires Content-Type of ${MERGE_PATCH}, provided ${JSON.stringify(contentType ?? '')}`,
      ]);
    }
    const sealed = state.health.sealed || !state.health.initialized;
    if (sealed && !route?.whileSealed) throw sealedError();
    const presented = requestToken(req);
    const token = state.tokens.lookup(presented);
    if (!route?.unauthenticated) {
      if (!token) throw presented === undefined ? permissionDenied() : invalidToken();
      if (!route) {
        const aclPath = method === 'LIST' ? `${apiPath}/` : apiPath;
        if (!allowed(state, token, aclPath, CAPABILITY_BY_METHOD[method])) throw permissionDenied();
        throw noHandler(apiPath);
      }
      if (route.aclPath !== undefined) {
        const needed = typeof route.capability === 'function' ? route.capability() : route.capability;
        if (!allowed(state, token, route.aclPath, needed)) throw permissionDenied();
      }
    }
    if (!route) throw noHandler(apiPath);
    const answer = route.run({
      state,
      body: parseBody(req),
      query: req.query,
      method: req.method,
      namespace: namespaceOf(req),
      token,
    });
    return withMountType(answer, route);
  } catch (error) {
    if (error instanceof VaultHttpError) return errorBody(error);
    throw error;
  }
}
