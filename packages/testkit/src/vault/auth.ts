import { randomUUID } from 'node:crypto';
import { badRequest, permissionDenied, VaultHttpError } from './errors.js';
import type { TokenSpec } from './tokens.js';

/** An AppRole role. Its role_id and one secret_id are generated unless given. */
export interface AppRoleSpec {
  readonly policies: readonly string[];
  readonly roleId?: string;
  readonly secretId?: string;
  readonly tokenTtlMs?: number;
  readonly tokenMaxTtlMs?: number;
  /** Auth mount path (default `approle`). */
  readonly mount?: string;
}

/** A Kubernetes auth role: which service accounts may log in, and the policies they get. */
export interface KubernetesRoleSpec {
  readonly boundServiceAccountNames: readonly string[];
  readonly boundServiceAccountNamespaces: readonly string[];
  readonly policies: readonly string[];
  readonly tokenTtlMs?: number;
  readonly tokenMaxTtlMs?: number;
  /** Auth mount path (default `kubernetes`). */
  readonly mount?: string;
}

interface AppRole extends AppRoleSpec {
  readonly name: string;
  readonly roleId: string;
  readonly secretIds: Set<string>;
}

interface ServiceAccount {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

type Backend =
  | { readonly type: 'approle'; readonly roles: Map<string, AppRole> }
  | { readonly type: 'kubernetes'; readonly roles: Map<string, KubernetesRoleSpec> };

/** Reads a service-account JWT without checking its signature (the fake has no TokenReview). */
function serviceAccountFromJwt(jwt: string, nowMs: number): ServiceAccount {
  const payload = jwt.split('.')[1];
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw permissionDenied();
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs) throw permissionDenied();
  const match =
    typeof claims.sub === 'string' ? /^system:serviceaccount:([^:]+):([^:]+)$/.exec(claims.sub) : null;
  if (!match) throw permissionDenied();
  const k8s = claims['kubernetes.io'] as { serviceaccount?: { uid?: unknown } } | undefined;
  const uid = typeof k8s?.serviceaccount?.uid === 'string' ? k8s.serviceaccount.uid : '';
  return { namespace: match[1] as string, name: match[2] as string, uid };
}

const bound = (allowed: readonly string[], value: string): boolean =>
  allowed.includes('*') || allowed.includes(value);

/** AppRole and Kubernetes auth mounts, and their logins. */
export class AuthBackends {
  private readonly mounts = new Map<string, Backend>();

  addAppRole(name: string, spec: AppRoleSpec): { roleId: string; secretId: string } {
    const backend = this.backend(spec.mount ?? 'approle', 'approle');
    const role: AppRole = {
      ...spec,
      name,
      roleId: spec.roleId ?? randomUUID(),
      secretIds: new Set([spec.secretId ?? randomUUID()]),
    };
    backend.roles.set(name, role);
    return { roleId: role.roleId, secretId: [...role.secretIds][0] as string };
  }

  addKubernetesRole(name: string, spec: KubernetesRoleSpec): void {
    this.backend(spec.mount ?? 'kubernetes', 'kubernetes').roles.set(name, spec);
  }

  isLoginPath(mount: string): boolean {
    return this.mounts.has(mount) || mount === 'approle' || mount === 'kubernetes';
  }

  /** Checks a login body and returns the token to issue, or throws Vault's error. */
  login(mount: string, body: Record<string, unknown>, nowMs: number): TokenSpec {
    const backend = this.mounts.get(mount);
    if (!backend) throw new VaultHttpError(400, [`no handler for route "auth/${mount}/login"`]);
    if (backend.type === 'approle') {
      if (typeof body.role_id !== 'string' || body.role_id === '') throw badRequest('missing role_id');
      const role = [...backend.roles.values()].find((r) => r.roleId === body.role_id);
      if (!role || typeof body.secret_id !== 'string' || !role.secretIds.has(body.secret_id)) {
        throw badRequest('invalid role or secret ID');
      }
      return this.spec(role, `auth/${mount}/login`, `approle`, { role_name: role.name });
    }
    if (typeof body.role !== 'string' || body.role === '') throw badRequest('missing role');
    if (typeof body.jwt !== 'string' || body.jwt === '') throw badRequest('missing jwt');
    const role = backend.roles.get(body.role);
    if (!role) throw badRequest(`invalid role name "${body.role}"`);
    const sa = serviceAccountFromJwt(body.jwt, nowMs);
    if (!bound(role.boundServiceAccountNames, sa.name)) {
      throw new VaultHttpError(403, ['service account name not authorized']);
    }
    if (!bound(role.boundServiceAccountNamespaces, sa.namespace)) {
      throw new VaultHttpError(403, ['namespace not authorized']);
    }
    return this.spec(role, `auth/${mount}/login`, `${mount}-${sa.namespace}-${sa.name}`, {
      role: body.role,
      service_account_name: sa.name,
      service_account_namespace: sa.namespace,
      service_account_secret_name: '',
      service_account_uid: sa.uid,
    });
  }

  private spec(
    role: { policies: readonly string[]; tokenTtlMs?: number; tokenMaxTtlMs?: number },
    path: string,
    displayName: string,
    meta: Record<string, string>,
  ): TokenSpec {
    return {
      policies: role.policies,
      ...(role.tokenTtlMs === undefined ? {} : { ttlMs: role.tokenTtlMs }),
      ...(role.tokenMaxTtlMs === undefined ? {} : { maxTtlMs: role.tokenMaxTtlMs }),
      path,
      displayName,
      meta,
    };
  }

  private backend<T extends Backend['type']>(mount: string, type: T): Extract<Backend, { type: T }> {
    const existing = this.mounts.get(mount);
    if (existing && existing.type !== type)
      throw new Error(`auth mount "${mount}" is a ${existing.type} mount`);
    if (existing) return existing as Extract<Backend, { type: T }>;
    const created = { type, roles: new Map() } as Extract<Backend, { type: T }>;
    this.mounts.set(mount, created);
    return created;
  }
}

/**
 * Builds an unsigned service-account JWT for tests (the fake Vault reads it without verifying).
 * `expiresAtMs` sets `exp`; default one hour after `issuedAtMs` (default now).
 */
export function makeServiceAccountJwt(options: {
  namespace: string;
  serviceAccount: string;
  issuedAtMs?: number;
  expiresAtMs?: number;
}): string {
  const iat = Math.floor((options.issuedAtMs ?? Date.now()) / 1000);
  const exp = options.expiresAtMs === undefined ? iat + 3600 : Math.floor(options.expiresAtMs / 1000);
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    part({ alg: 'none', typ: 'JWT' }),
    part({
      iss: 'kubernetes/serviceaccount',
      sub: `system:serviceaccount:${options.namespace}:${options.serviceAccount}`,
      iat,
      exp,
      'kubernetes.io': {
        namespace: options.namespace,
        serviceaccount: { name: options.serviceAccount, uid: randomUUID() },
      },
    }),
    '',
  ].join('.');
}
