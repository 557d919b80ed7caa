import type { AuthMethodType } from './auth.js';
import { badRequest, notFound } from './errors.js';
import type { KvMount } from './kv.js';
import { envelope, noContent, ok } from './responses.js';
import type { RouteContext, VaultRoute } from './route.js';

const describeMount = (mount: KvMount): Record<string, unknown> => ({
  type: 'kv',
  description: 'key/value secret storage',
  options: { version: '2' },
  config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false },
  local: false,
  seal_wrap: false,
  accessor: `kv_${Buffer.from(mount.path).toString('hex').slice(0, 8)}`,
});

function listMounts(ctx: RouteContext) {
  const mounts: Record<string, unknown> = {};
  for (const mount of ctx.state.kvMounts(ctx.namespace)) mounts[`${mount.path}/`] = describeMount(mount);
  // Vault answers with the mounts both at the top level (legacy) and under `data`.
  return { status: 200, body: { ...mounts, ...envelope(mounts) } };
}

/**
 * `sys/internal/ui/mounts/<path>`: how the `vault` CLI learns that a path is KV version 2
 * before `vault kv get`. Any valid token may ask, as in Vault.
 */
function uiMount(ctx: RouteContext, path: string) {
  const mount =
    ctx.state.findMount(ctx.namespace, path)?.mount ??
    ctx.state.mount(path.replace(/\/$/, ''), ctx.namespace);
  if (!mount) throw notFound();
  return ok({ ...describeMount(mount), path: `${mount.path}/` });
}

const isKv2 = (body: Record<string, unknown>): boolean => {
  const options = (body.options ?? {}) as { version?: unknown };
  return body.type === 'kv-v2' || (body.type === 'kv' && String(options.version ?? '1') === '2');
};

/** `POST sys/mounts/<path>`: enables a KV version 2 engine (the only engine the fake has). */
function enableMount(ctx: RouteContext, path: string) {
  if (!isKv2(ctx.body)) {
    throw badRequest(
      `the fake Vault has KV version 2 only: send {"type":"kv","options":{"version":"2"}} (got type ${JSON.stringify(ctx.body.type ?? null)})`,
    );
  }
  if (ctx.state.mount(path, ctx.namespace)) throw badRequest(`path is already in use at ${path}/`);
  const options = ctx.body.options as { max_versions?: unknown; cas_required?: unknown } | undefined;
  ctx.state.enableKv(path, ctx.namespace, {
    ...(options?.max_versions === undefined ? {} : { maxVersions: Number(options.max_versions) }),
    ...(options?.cas_required === undefined ? {} : { casRequired: String(options.cas_required) === 'true' }),
  });
  return noContent();
}

const AUTH_TYPES: ReadonlySet<string> = new Set<AuthMethodType>(['approle', 'kubernetes']);

function listAuth(ctx: RouteContext) {
  const methods: Record<string, unknown> = {
    'token/': {
      type: 'token',
      description: 'token based credentials',
      accessor: 'auth_token_fake',
      local: false,
    },
  };
  for (const [mount, type] of ctx.state.auth.list()) {
    methods[`${mount}/`] = { type, description: '', accessor: `auth_${type}_${mount}`, local: false };
  }
  return { status: 200, body: { ...methods, ...envelope(methods) } };
}

/** `sys/auth/<path>`: enable (`{"type":"approle"|"kubernetes"}`) or disable an auth method. */
function authMethodRoute(path: string, method: string): VaultRoute | undefined {
  const aclPath = `sys/auth/${path}`;
  if (method === 'POST' || method === 'PUT') {
    return {
      op: 'sys.auth.enable',
      aclPath,
      capability: 'sudo',
      run: (c) => {
        const type = c.body.type;
        if (typeof type !== 'string' || !AUTH_TYPES.has(type)) {
          throw badRequest(
            `the fake Vault has the approle and kubernetes auth methods only (got ${JSON.stringify(type ?? null)})`,
          );
        }
        if (path === 'token') throw badRequest('path is already in use at token/');
        c.state.auth.enable(path, type as AuthMethodType);
        return noContent();
      },
    };
  }
  if (method === 'DELETE') {
    return {
      op: 'sys.auth.disable',
      aclPath,
      capability: 'sudo',
      run: (c) => {
        c.state.auth.disable(path);
        return noContent();
      },
    };
  }
  return undefined;
}

/** Mount and auth-method routes under `sys/`. */
export function mountRoute(rest: string, method: string): VaultRoute | undefined {
  if (rest === 'mounts' && method === 'GET') {
    return { op: 'sys.mounts', aclPath: 'sys/mounts', capability: 'read', run: listMounts };
  }
  const mountPath = /^mounts\/(.+)$/.exec(rest)?.[1];
  if (mountPath !== undefined && (method === 'POST' || method === 'PUT')) {
    return {
      op: 'sys.mounts.enable',
      aclPath: `sys/mounts/${mountPath}`,
      capability: 'update',
      run: (c) => enableMount(c, mountPath),
    };
  }
  if (mountPath !== undefined && method === 'DELETE') {
    return {
      op: 'sys.mounts.disable',
      aclPath: `sys/mounts/${mountPath}`,
      capability: 'delete',
      run: (c) => {
        c.state.disableKv(mountPath, c.namespace);
        return noContent();
      },
    };
  }
  if (rest === 'auth' && method === 'GET') {
    return { op: 'sys.auth', aclPath: 'sys/auth', capability: 'read', run: listAuth };
  }
  const authPath = /^auth\/(.+)$/.exec(rest)?.[1];
  if (authPath !== undefined) return authMethodRoute(authPath, method);
  const ui = /^internal\/ui\/mounts\/(.+)$/.exec(rest);
  if (ui && method === 'GET') {
    return { op: 'sys.ui-mounts', run: (c) => uiMount(c, ui[1] as string) };
  }
  return undefined;
}
