import { notFound } from './errors.js';
import type { KvMount } from './kv.js';
import { envelope, ok } from './responses.js';
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

/** Mount discovery routes under `sys/`. */
export function mountRoute(rest: string, method: string): VaultRoute | undefined {
  if (rest === 'mounts' && method === 'GET') {
    return { op: 'sys.mounts', aclPath: 'sys/mounts', capability: 'read', run: listMounts };
  }
  const ui = /^internal\/ui\/mounts\/(.+)$/.exec(rest);
  if (ui && method === 'GET') {
    return { op: 'sys.ui-mounts', run: (c) => uiMount(c, ui[1] as string) };
  }
  return undefined;
}
