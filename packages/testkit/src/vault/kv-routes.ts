import { badRequest, notFound, VaultHttpError } from './errors.js';
import type { KvEntry, KvMount, KvVersion } from './kv.js';
import { envelope, noContent, ok, rfc3339 } from './responses.js';
import type { RouteContext, VaultRoute } from './route.js';

const versionMetadata = (entry: KvEntry, v: KvVersion): Record<string, unknown> => ({
  created_time: rfc3339(v.createdAt),
  custom_metadata: entry.customMetadata,
  deletion_time: v.deletedAt === undefined ? '' : rfc3339(v.deletedAt),
  destroyed: v.destroyed,
  version: v.version,
});

function versionsFrom(body: Record<string, unknown>): number[] {
  const list = body.versions;
  if (!Array.isArray(list) || list.length === 0) throw badRequest('no version number provided');
  return list.map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0);
}

function dataFrom(body: Record<string, unknown>): Record<string, unknown> {
  const data = body.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw badRequest('no data provided');
  return data as Record<string, unknown>;
}

function read(mount: KvMount, key: string, ctx: RouteContext) {
  const raw = ctx.query.get('version');
  const wanted = raw === null ? undefined : Number(raw);
  if (wanted !== undefined && !Number.isInteger(wanted)) throw badRequest('invalid version');
  const found = mount.version(key, wanted);
  if (!found?.version) throw notFound();
  const { entry, version } = found;
  const metadata = versionMetadata(entry, version);
  if (version.deletedAt !== undefined || version.destroyed) {
    // Vault still reports the version's metadata with the 404, so clients can tell "deleted" apart.
    return { status: 404, body: envelope({ data: null, metadata }), error: 'deleted' };
  }
  return ok({ data: version.data, metadata });
}

function write(mount: KvMount, key: string, ctx: RouteContext) {
  const data = dataFrom(ctx.body);
  const options = (ctx.body.options ?? {}) as { cas?: unknown };
  const cas = options.cas === undefined ? undefined : Number(options.cas);
  const version = mount.write(key, data, cas);
  const entry = mount.entries.get(key) as KvEntry;
  return ok(versionMetadata(entry, version));
}

function patch(mount: KvMount, key: string, ctx: RouteContext) {
  const current = mount.version(key, undefined);
  if (!current?.version || current.version.deletedAt !== undefined || current.version.destroyed)
    throw notFound();
  const merged: Record<string, unknown> = { ...current.version.data };
  for (const [k, v] of Object.entries(dataFrom(ctx.body))) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const options = (ctx.body.options ?? {}) as { cas?: unknown };
  const version = mount.write(key, merged, options.cas === undefined ? undefined : Number(options.cas));
  return ok(versionMetadata(current.entry, version));
}

function readMetadata(mount: KvMount, key: string) {
  const entry = mount.entries.get(key);
  if (!entry) throw notFound();
  const versions: Record<string, unknown> = {};
  for (const v of entry.versions.values()) {
    versions[String(v.version)] = {
      created_time: rfc3339(v.createdAt),
      deletion_time: v.deletedAt === undefined ? '' : rfc3339(v.deletedAt),
      destroyed: v.destroyed,
    };
  }
  return ok({
    cas_required: entry.casRequired,
    created_time: rfc3339(entry.createdAt),
    current_version: entry.currentVersion,
    custom_metadata: entry.customMetadata,
    delete_version_after: '0s',
    max_versions: entry.maxVersions,
    oldest_version: entry.oldestVersion,
    updated_time: rfc3339(entry.updatedAt),
    versions,
  });
}

function list(mount: KvMount, key: string) {
  const keys = mount.list(key);
  if (keys.length === 0) throw notFound();
  return ok({ keys });
}

function writeMetadata(mount: KvMount, key: string, ctx: RouteContext) {
  const b = ctx.body;
  mount.writeMetadata(key, {
    ...(b.max_versions === undefined ? {} : { maxVersions: Number(b.max_versions) }),
    ...(b.cas_required === undefined ? {} : { casRequired: Boolean(b.cas_required) }),
    ...(b.custom_metadata && typeof b.custom_metadata === 'object'
      ? { customMetadata: b.custom_metadata as Record<string, string> }
      : {}),
  });
  return noContent();
}

/** Resolves a KV v2 request under `mount` (`rest` is `data/<key>`, `metadata/<key>`, …). */
export function kvRoute(mount: KvMount, rest: string, method: string): VaultRoute | undefined {
  const found = kvRouteFor(mount, rest, method);
  if (!found) return undefined;
  const route: VaultRoute = { ...found, mountType: 'kv' };
  const key = rest.slice(rest.indexOf('/') + 1);
  return rest.includes('/') && key !== '' ? { ...route, secretPath: key.replace(/\/+$/, '') } : route;
}

function kvRouteFor(mount: KvMount, rest: string, method: string): VaultRoute | undefined {
  const slash = rest.indexOf('/');
  const area = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  // Vault authorises a LIST against the folder with its trailing slash: a policy on
  // `secret/metadata/app` does not allow listing it, one on `secret/metadata/app/*` does.
  const aclPath =
    method === 'LIST' && !rest.endsWith('/') ? `${mount.path}/${rest}/` : `${mount.path}/${rest}`;
  const exists = () => (mount.entries.has(key) ? 'update' : 'create');
  const needKey = (route: VaultRoute): VaultRoute => ({
    ...route,
    run: (ctx) => {
      if (key === '') throw new VaultHttpError(405, ['1 error occurred:\n\t* unsupported operation\n\n']);
      return route.run(ctx);
    },
  });
  if (area === 'data') {
    if (method === 'GET')
      return needKey({ op: 'kv.read', aclPath, capability: 'read', run: (c) => read(mount, key, c) });
    if (method === 'POST' || method === 'PUT')
      return needKey({ op: 'kv.write', aclPath, capability: exists, run: (c) => write(mount, key, c) });
    if (method === 'PATCH')
      return needKey({ op: 'kv.patch', aclPath, capability: 'patch', run: (c) => patch(mount, key, c) });
    if (method === 'DELETE')
      return needKey({
        op: 'kv.delete',
        aclPath,
        capability: 'delete',
        run: () => {
          mount.softDelete(key);
          return noContent();
        },
      });
  }
  if (area === 'metadata') {
    if (method === 'LIST') return { op: 'kv.list', aclPath, capability: 'list', run: () => list(mount, key) };
    if (method === 'GET')
      return needKey({
        op: 'kv.metadata.read',
        aclPath,
        capability: 'read',
        run: () => readMetadata(mount, key),
      });
    if (method === 'POST' || method === 'PUT')
      return needKey({
        op: 'kv.metadata.write',
        aclPath,
        capability: exists,
        run: (c) => writeMetadata(mount, key, c),
      });
    if (method === 'DELETE')
      return needKey({
        op: 'kv.metadata.delete',
        aclPath,
        capability: 'delete',
        run: () => {
          mount.deleteAll(key);
          return noContent();
        },
      });
  }
  const versionOps: Record<string, (versions: number[]) => void> = {
    delete: (v) => mount.softDelete(key, v),
    undelete: (v) => mount.undelete(key, v),
    destroy: (v) => mount.destroy(key, v),
  };
  const versionOp = versionOps[area];
  if (versionOp && (method === 'POST' || method === 'PUT')) {
    return needKey({
      op: `kv.${area}`,
      aclPath,
      capability: 'update',
      run: (c) => {
        versionOp(versionsFrom(c.body));
        return noContent();
      },
    });
  }
  return undefined;
}
