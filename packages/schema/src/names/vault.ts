/**
 * Vault paths and names. A KV path becomes an ACL path in a policy, where `*` and `+` are
 * wildcards and `{{…}}` is a template, so those characters would widen a grant: path segments are
 * limited to characters that mean only themselves.
 */

const SEGMENT = /^[A-Za-z0-9_.@=-]+$/;
const MOUNT_SEGMENT = /^[A-Za-z0-9_.-]+$/;
/** Paths Vault reserves for itself; a KV engine cannot be mounted there. */
const SYSTEM_MOUNTS = new Set(['sys', 'auth', 'identity', 'cubbyhole']);
/** Policies every Vault has; a catalog must never (re)define them. */
export const RESERVED_VAULT_POLICIES: ReadonlySet<string> = new Set(['root', 'default']);

/** What is wrong with a path under a KV mount, with a hint, or `undefined`. */
export function vaultPathProblem(path: string): { message: string; hint: string } | undefined {
  if (path.startsWith('/') || path.endsWith('/')) {
    return {
      message: 'starts or ends with "/"',
      hint: 'Vault paths are relative to the mount and have no trailing slash.',
    };
  }
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return { message: 'has an empty, "." or ".." segment', hint: 'Remove the doubled slash or dot segment.' };
  }
  if (segments.some((s) => !SEGMENT.test(s))) {
    return {
      message:
        'has characters that are not allowed in a Vault path (such as * or +, which are ACL wildcards)',
      hint: 'Vault path segments use letters, digits and _ . @ = -',
    };
  }
  return undefined;
}

/**
 * What is wrong with a mount or namespace path (`secret`, `kv/apps`, `platform/shop`), or
 * `undefined`. `system` marks a secrets-engine mount, which may not sit on Vault's own paths.
 */
export function vaultMountProblem(mount: string, system: boolean): string | undefined {
  const segments = mount.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return 'has an empty, "." or ".." segment';
  }
  if (segments.some((s) => !MOUNT_SEGMENT.test(s))) {
    return 'has characters other than letters, digits and _ . - in a segment';
  }
  if (system && SYSTEM_MOUNTS.has(segments[0]!.toLowerCase())) {
    return `is on Vault's reserved path "${segments[0]}/"`;
  }
  return undefined;
}

const ROLE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;
const POLICY_NAME = /^[a-z0-9_-][a-z0-9_.-]{0,127}$/;

/** Why a Kubernetes-auth role name cannot be used, or `undefined`. */
export function vaultRoleNameProblem(name: string): string | undefined {
  return ROLE_NAME.test(name)
    ? undefined
    : 'is not a valid Vault role name (at most 128 letters, digits and _ . -)';
}

/** Why a policy name cannot be used (Vault lower-cases policy names, and owns root and default), or `undefined`. */
export function vaultPolicyNameProblem(name: string): string | undefined {
  if (RESERVED_VAULT_POLICIES.has(name)) return `is Vault's built-in "${name}" policy`;
  return POLICY_NAME.test(name)
    ? undefined
    : 'is not a valid Vault policy name (at most 128 lower-case letters, digits and _ . -)';
}
