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
  /**
   * The `aud` a service-account token must carry to log in (Vault's role `audience`); any
   * audience when omitted, as in Vault.
   */
  readonly audience?: string;
  readonly tokenTtlMs?: number;
  readonly tokenMaxTtlMs?: number;
  /** Auth mount path (default `kubernetes`). */
  readonly mount?: string;
}

interface AppRole {
  readonly name: string;
  policies: readonly string[];
  roleId: string;
  readonly secretIds: Set<string>;
  tokenTtlMs?: number;
  tokenMaxTtlMs?: number;
}

interface KubernetesRole extends KubernetesRoleSpec {
  readonly name: string;
}

interface ServiceAccount {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** The token's `aud` claim, as a list (a single string counts as one audience). */
  readonly audiences: readonly string[];
}

/** The auth methods the fake implements (besides the built-in token store). */
export type AuthMethodType = 'approle' | 'kubernetes';

type Backend =
  | { readonly type: 'approle'; readonly roles: Map<string, AppRole> }
  | {
      readonly type: 'kubernetes';
      readonly roles: Map<string, KubernetesRole>;
      config: Readonly<Record<string, unknown>>;
    };

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
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : [];
  return { namespace: match[1] as string, name: match[2] as string, uid, audiences };
}

const bound = (allowed: readonly string[], value: string): boolean =>
  allowed.includes('*') || allowed.includes(value);

/** AppRole and Kubernetes auth mounts, their roles, and their logins. */
export class AuthBackends {
  private readonly mounts = new Map<string, Backend>();

  /** Enables an auth method at a mount path (`sys/auth/<path>`); Vault refuses a path in use. */
  enable(mount: string, type: AuthMethodType): void {
    if (this.mounts.has(mount)) throw badRequest(`path is already in use at ${mount}/`);
    this.mounts.set(
      mount,
      type === 'approle' ? { type, roles: new Map() } : { type, roles: new Map(), config: {} },
    );
  }

  /** Disables an auth mount and forgets its roles. */
  disable(mount: string): void {
    this.mounts.delete(mount);
  }

  /** Enabled auth mounts and their types. */
  list(): [string, AuthMethodType][] {
    return [...this.mounts].map(([mount, backend]) => [mount, backend.type]);
  }

  typeOf(mount: string): AuthMethodType | undefined {
    return this.mounts.get(mount)?.type;
  }

  addAppRole(name: string, spec: AppRoleSpec): { roleId: string; secretId: string } {
    const backend = this.backend(spec.mount ?? 'approle', 'approle');
    const role: AppRole = {
      name,
      policies: [...spec.policies],
      roleId: spec.roleId ?? randomUUID(),
      secretIds: new Set([spec.secretId ?? randomUUID()]),
      ...(spec.tokenTtlMs === undefined ? {} : { tokenTtlMs: spec.tokenTtlMs }),
      ...(spec.tokenMaxTtlMs === undefined ? {} : { tokenMaxTtlMs: spec.tokenMaxTtlMs }),
    };
    backend.roles.set(name, role);
    return { roleId: role.roleId, secretId: [...role.secretIds][0] as string };
  }

  addKubernetesRole(name: string, spec: KubernetesRoleSpec): void {
    this.backend(spec.mount ?? 'kubernetes', 'kubernetes').roles.set(name, { ...spec, name });
  }

  /** Creates or updates an AppRole role over HTTP (`auth/<mount>/role/<name>`); keeps its role_id. */
  writeAppRole(
    mount: string,
    name: string,
    fields: { policies?: readonly string[]; tokenTtlMs?: number; tokenMaxTtlMs?: number },
  ): void {
    const backend = this.existing(mount, 'approle');
    const role = backend.roles.get(name) ?? {
      name,
      policies: [],
      roleId: randomUUID(),
      secretIds: new Set<string>(),
    };
    if (fields.policies !== undefined) role.policies = fields.policies;
    if (fields.tokenTtlMs !== undefined) role.tokenTtlMs = fields.tokenTtlMs;
    if (fields.tokenMaxTtlMs !== undefined) role.tokenMaxTtlMs = fields.tokenMaxTtlMs;
    backend.roles.set(name, role);
  }

  appRole(mount: string, name: string): AppRole | undefined {
    return this.existing(mount, 'approle').roles.get(name);
  }

  /** Issues a new secret_id for an AppRole role. */
  newSecretId(mount: string, name: string): string {
    const role = this.appRole(mount, name);
    if (!role) throw badRequest(`role "${name}" does not exist`);
    const secretId = randomUUID();
    role.secretIds.add(secretId);
    return secretId;
  }

  /** Creates or replaces a Kubernetes role over HTTP (`auth/<mount>/role/<name>`). */
  writeKubernetesRole(mount: string, name: string, spec: Omit<KubernetesRoleSpec, 'mount'>): void {
    this.existing(mount, 'kubernetes').roles.set(name, { ...spec, mount, name });
  }

  kubernetesRole(mount: string, name: string): KubernetesRole | undefined {
    return this.existing(mount, 'kubernetes').roles.get(name);
  }

  /** Stores `auth/<mount>/config` (the fake never calls the API server it names). */
  configureKubernetes(mount: string, config: Readonly<Record<string, unknown>>): void {
    this.existing(mount, 'kubernetes').config = { ...config };
  }

  kubernetesConfig(mount: string): Readonly<Record<string, unknown>> {
    return this.existing(mount, 'kubernetes').config;
  }

  deleteRole(mount: string, name: string): void {
    this.mounts.get(mount)?.roles.delete(name);
  }

  roleNames(mount: string): string[] {
    return [...(this.mounts.get(mount)?.roles.keys() ?? [])].sort();
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
    if (role.audience !== undefined && role.audience !== '' && !sa.audiences.includes(role.audience)) {
      throw new VaultHttpError(403, [
        'invalid audience (aud) claim: audience claim does not match any expected audience',
      ]);
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

  /** The mount of this type, enabling it when a test seeds a role without enabling it first. */
  private backend<T extends Backend['type']>(mount: string, type: T): Extract<Backend, { type: T }> {
    if (!this.mounts.has(mount)) this.enable(mount, type);
    return this.existing(mount, type);
  }

  private existing<T extends Backend['type']>(mount: string, type: T): Extract<Backend, { type: T }> {
    const backend = this.mounts.get(mount);
    if (!backend) throw badRequest(`no auth method enabled at "${mount}/"`);
    if (backend.type !== type) throw badRequest(`auth mount "${mount}" is a ${backend.type} mount`);
    return backend as Extract<Backend, { type: T }>;
  }
}

/**
 * Builds an unsigned service-account JWT for tests (the fake Vault reads it without verifying).
 * `expiresAtMs` sets `exp`; default one hour after `issuedAtMs` (default now).
 */
export function makeServiceAccountJwt(options: {
  namespace: string;
  serviceAccount: string;
  /** The `aud` claim (a projected token's audiences); none when omitted. */
  audience?: string | readonly string[];
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
      ...(options.audience === undefined
        ? {}
        : { aud: typeof options.audience === 'string' ? [options.audience] : [...options.audience] }),
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
