import type { FakeRequest, FakeResponse } from '../http.js';
import { badRequest, permissionDenied, sealedError, VaultHttpError } from './errors.js';
import { kvRoute } from './kv-routes.js';
import { capabilitiesFor } from './policy.js';
import type { VaultRoute } from './route.js';
import type { VaultState } from './state.js';
import { sysRoute } from './sys-routes.js';
import { loginRoute, tokenRoute } from './token-routes.js';

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

/** Finds the route for a request, or undefined when Vault would answer 404/405. */
export function resolveRoute(
  state: VaultState,
  req: FakeRequest,
): { route: VaultRoute | undefined; apiPath: string } {
  const apiPath = req.path.startsWith('/v1/') ? req.path.slice(4).replace(/\/+$/, '') : '';
  const method = vaultMethod(req);
  const namespace = namespaceOf(req);
  if (apiPath.startsWith('sys/')) return { route: sysRoute(apiPath.slice(4), method), apiPath };
  if (apiPath.startsWith('auth/token/')) return { route: tokenRoute(apiPath.slice(11), method), apiPath };
  const login = /^auth\/(.+)\/login$/.exec(apiPath);
  if (login && (method === 'POST' || method === 'PUT'))
    return { route: loginRoute(login[1] as string), apiPath };
  // Keep a trailing slash for LIST on a folder: `metadata/app/` lists `app/`.
  const kvPath = req.path.startsWith('/v1/') ? req.path.slice(4) : '';
  const found = state.findMount(namespace, kvPath);
  return { route: found ? kvRoute(found.mount, found.rest, method) : undefined, apiPath };
}

function parseBody(req: FakeRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const parsed = JSON.parse(req.body.toString('utf8')) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
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

/** Serves one request: sealed check, token, ACL, then the route. */
export function serveVault(state: VaultState, req: FakeRequest): FakeResponse {
  try {
    const { route, apiPath } = resolveRoute(state, req);
    const sealed = state.health.sealed || !state.health.initialized;
    if (sealed && !route?.whileSealed) throw sealedError();
    if (!route) throw noHandler(apiPath);
    const header = req.headers['x-vault-token'];
    const token = state.tokens.lookup(typeof header === 'string' ? header : undefined);
    if (!route.unauthenticated) {
      if (!token) throw permissionDenied();
      if (!token.policies.includes('root') && route.aclPath !== undefined) {
        const needed = typeof route.capability === 'function' ? route.capability() : route.capability;
        const caps = capabilitiesFor(state.rulesFor(token.policies), route.aclPath);
        if (needed === undefined || caps.has('deny') || !caps.has(needed)) throw permissionDenied();
      }
    }
    return route.run({
      state,
      body: parseBody(req),
      query: req.query,
      method: req.method,
      namespace: namespaceOf(req),
      token,
    });
  } catch (error) {
    if (error instanceof VaultHttpError) return errorBody(error);
    throw error;
  }
}
