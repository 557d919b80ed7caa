import { randomUUID } from 'node:crypto';
import type { AuthBackends } from './auth.js';
import { badRequest, notFound } from './errors.js';
import { authBlock, envelope, noContent, ok } from './responses.js';
import type { RouteContext, VaultRoute } from './route.js';
import { parseVaultDuration } from './tokens.js';

/** Vault takes a list either as a JSON array or as a comma-separated string. */
function listField(body: Record<string, unknown>, ...keys: string[]): string[] | undefined {
  for (const key of keys) {
    const value = body[key];
    if (Array.isArray(value)) return value.map(String).filter((v) => v !== '');
    if (typeof value === 'string')
      return value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
  }
  return undefined;
}

const seconds = (ms: number | undefined): number => Math.floor((ms ?? 0) / 1000);

const ttlFields = (body: Record<string, unknown>) => {
  const ttl = parseVaultDuration(body.token_ttl ?? body.ttl);
  const max = parseVaultDuration(body.token_max_ttl ?? body.max_ttl);
  return {
    ...(ttl === undefined ? {} : { tokenTtlMs: ttl }),
    ...(max === undefined ? {} : { tokenMaxTtlMs: max }),
  };
};

function readAppRole(auth: AuthBackends, mount: string, name: string) {
  const role = auth.appRole(mount, name);
  if (!role) throw notFound();
  return ok({
    bind_secret_id: true,
    policies: [...role.policies],
    token_policies: [...role.policies],
    secret_id_num_uses: 0,
    secret_id_ttl: 0,
    token_ttl: seconds(role.tokenTtlMs),
    token_max_ttl: seconds(role.tokenMaxTtlMs),
    token_num_uses: 0,
    token_type: 'default',
  });
}

function readKubernetesRole(auth: AuthBackends, mount: string, name: string) {
  const role = auth.kubernetesRole(mount, name);
  if (!role) throw notFound();
  return ok({
    bound_service_account_names: [...role.boundServiceAccountNames],
    bound_service_account_namespaces: [...role.boundServiceAccountNamespaces],
    policies: [...role.policies],
    token_policies: [...role.policies],
    audience: role.audience ?? '',
    token_ttl: seconds(role.tokenTtlMs),
    token_max_ttl: seconds(role.tokenMaxTtlMs),
    token_type: 'default',
  });
}

function writeRole(ctx: RouteContext, mount: string, name: string) {
  const auth = ctx.state.auth;
  const policies = listField(ctx.body, 'token_policies', 'policies');
  if (auth.typeOf(mount) === 'approle') {
    auth.writeAppRole(mount, name, {
      ...(policies === undefined ? {} : { policies }),
      ...ttlFields(ctx.body),
    });
    return noContent();
  }
  const names = listField(ctx.body, 'bound_service_account_names');
  const namespaces = listField(ctx.body, 'bound_service_account_namespaces');
  if (!names?.length) throw badRequest('"bound_service_account_names" can not be empty');
  if (!namespaces?.length) throw badRequest('"bound_service_account_namespaces" can not be empty');
  auth.writeKubernetesRole(mount, name, {
    boundServiceAccountNames: names,
    boundServiceAccountNamespaces: namespaces,
    policies: policies ?? [],
    ...(typeof ctx.body.audience === 'string' && ctx.body.audience !== ''
      ? { audience: ctx.body.audience }
      : {}),
    ...ttlFields(ctx.body),
  });
  return noContent();
}

/** `auth/<mount>/role/<name>`: read, write, delete one role. */
function roleRoute(mount: string, name: string, method: string, mountType: string): VaultRoute | undefined {
  const aclPath = `auth/${mount}/role/${name}`;
  const base = { aclPath, mountType };
  if (method === 'GET') {
    return {
      ...base,
      op: `auth.${mount}.role.read`,
      capability: 'read',
      run: (c) =>
        c.state.auth.typeOf(mount) === 'approle'
          ? readAppRole(c.state.auth, mount, name)
          : readKubernetesRole(c.state.auth, mount, name),
    };
  }
  if (method === 'POST' || method === 'PUT') {
    return {
      ...base,
      op: `auth.${mount}.role.write`,
      capability: 'update',
      run: (c) => writeRole(c, mount, name),
    };
  }
  if (method === 'DELETE') {
    return {
      ...base,
      op: `auth.${mount}.role.delete`,
      capability: 'delete',
      run: (c) => {
        c.state.auth.deleteRole(mount, name);
        return noContent();
      },
    };
  }
  return undefined;
}

/** `auth/<mount>/role/<name>/role-id` and `/secret-id` for AppRole. */
function appRoleCredentialRoute(
  mount: string,
  name: string,
  what: string,
  method: string,
): VaultRoute | undefined {
  const aclPath = `auth/${mount}/role/${name}/${what}`;
  const writes = method === 'POST' || method === 'PUT';
  if (what === 'role-id' && method === 'GET') {
    return {
      op: `auth.${mount}.role-id.read`,
      aclPath,
      mountType: 'approle',
      capability: 'read',
      run: (c) => {
        const role = c.state.auth.appRole(mount, name);
        if (!role) throw notFound();
        return ok({ role_id: role.roleId });
      },
    };
  }
  if (what === 'role-id' && writes) {
    return {
      op: `auth.${mount}.role-id.write`,
      aclPath,
      mountType: 'approle',
      capability: 'update',
      run: (c) => {
        const role = c.state.auth.appRole(mount, name);
        if (!role) throw notFound();
        if (typeof c.body.role_id !== 'string' || c.body.role_id === '') throw badRequest('missing role_id');
        role.roleId = c.body.role_id;
        return noContent();
      },
    };
  }
  if (what === 'secret-id' && writes) {
    return {
      op: `auth.${mount}.secret-id.create`,
      aclPath,
      mountType: 'approle',
      capability: 'update',
      run: (c) =>
        ok({
          secret_id: c.state.auth.newSecretId(mount, name),
          secret_id_accessor: randomUUID(),
          secret_id_ttl: 0,
          secret_id_num_uses: 0,
        }),
    };
  }
  return undefined;
}

/**
 * Routes under an enabled AppRole or Kubernetes auth mount: `login` (no token needed), role
 * management (`role`, `role/<name>`, AppRole `role-id` / `secret-id`) and Kubernetes `config`.
 */
export function authMountRoute(auth: AuthBackends, rest: string, method: string): VaultRoute | undefined {
  const slash = rest.indexOf('/');
  if (slash < 0) return undefined;
  const mount = rest.slice(0, slash);
  const sub = rest.slice(slash + 1);
  const type = auth.typeOf(mount);
  if (type === undefined) return undefined;
  if (sub === 'login' && (method === 'POST' || method === 'PUT')) {
    return {
      op: `auth.${mount}.login`,
      mountType: type,
      unauthenticated: true,
      run: (c) => {
        const spec = c.state.auth.login(mount, c.body, c.state.clock.now());
        const token = c.state.tokens.create(spec);
        return { status: 200, body: envelope(null, authBlock(c.state.tokens, token)) };
      },
    };
  }
  if (sub === 'role' && method === 'LIST') {
    return {
      op: `auth.${mount}.role.list`,
      aclPath: `auth/${mount}/role/`,
      mountType: type,
      capability: 'list',
      run: (c) => {
        const keys = c.state.auth.roleNames(mount);
        if (keys.length === 0) throw notFound();
        return ok({ keys });
      },
    };
  }
  const role = /^role\/([^/]+)(?:\/(role-id|secret-id))?$/.exec(sub);
  if (role) {
    const name = role[1] as string;
    if (role[2] === undefined) return roleRoute(mount, name, method, type);
    return type === 'approle' ? appRoleCredentialRoute(mount, name, role[2], method) : undefined;
  }
  if (sub === 'config' && type === 'kubernetes') {
    const aclPath = `auth/${mount}/config`;
    if (method === 'GET') {
      return {
        op: `auth.${mount}.config.read`,
        aclPath,
        mountType: type,
        capability: 'read',
        run: (c) => ok({ ...c.state.auth.kubernetesConfig(mount) }),
      };
    }
    if (method === 'POST' || method === 'PUT') {
      return {
        op: `auth.${mount}.config.write`,
        aclPath,
        mountType: type,
        capability: 'update',
        run: (c) => {
          c.state.auth.configureKubernetes(mount, c.body);
          return noContent();
        },
      };
    }
  }
  return undefined;
}
