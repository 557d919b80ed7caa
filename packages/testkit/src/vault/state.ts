import type { FakeClock } from '../clock.js';
import { AuthBackends } from './auth.js';
import { KvMount } from './kv.js';
import { type PolicyRule, parseVaultPolicy } from './policy.js';
import { TokenStore } from './tokens.js';

/** Vault's built-in `default` policy: what every token may do to itself. */
const DEFAULT_POLICY = `
path "auth/token/lookup-self" { capabilities = ["read"] }
path "auth/token/renew-self" { capabilities = ["update"] }
path "auth/token/revoke-self" { capabilities = ["update"] }
path "sys/capabilities-self" { capabilities = ["update"] }
`;

/** Health flags `sys/health` reports. */
export interface VaultHealthState {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performanceStandby: boolean;
  /** A disaster-recovery secondary: `sys/health` answers 472 unless `drsecondaryok`. */
  drSecondary: boolean;
}

/** Everything the fake Vault holds. */
export class VaultState {
  readonly tokens: TokenStore;
  readonly auth = new AuthBackends();
  readonly policies = new Map<string, { text: string; rules: PolicyRule[] }>();
  readonly health: VaultHealthState = {
    initialized: true,
    sealed: false,
    standby: false,
    performanceStandby: false,
    drSecondary: false,
  };
  private readonly mounts = new Map<string, KvMount>();

  constructor(readonly clock: FakeClock) {
    this.tokens = new TokenStore(() => clock.now());
    this.setPolicy('default', DEFAULT_POLICY);
  }

  /** Parses and stores a policy (HCL or JSON); throws SyntaxError for what the fake cannot read. */
  setPolicy(name: string, text: string): void {
    if (name === 'root') throw new Error('cannot update root policy');
    this.policies.set(name, { text, rules: parseVaultPolicy(text) });
  }

  /** Rules of the named policies (unknown names contribute nothing, as in Vault). */
  rulesFor(policyNames: readonly string[]): PolicyRule[] {
    return policyNames.flatMap((n) => this.policies.get(n)?.rules ?? []);
  }

  enableKv(
    path: string,
    namespace = '',
    options: { maxVersions?: number; casRequired?: boolean } = {},
  ): KvMount {
    const key = `${normaliseNamespace(namespace)}\u0000${path}`;
    const mount = new KvMount(
      path,
      () => this.clock.now(),
      options.maxVersions ?? 0,
      options.casRequired ?? false,
    );
    this.mounts.set(key, mount);
    return mount;
  }

  /** Removes a KV mount and everything in it. */
  disableKv(path: string, namespace = ''): boolean {
    return this.mounts.delete(`${normaliseNamespace(namespace)}\u0000${path}`);
  }

  /** The KV mount an API path falls under (longest mount path wins), and the rest of the path. */
  findMount(namespace: string, apiPath: string): { mount: KvMount; rest: string } | undefined {
    const ns = normaliseNamespace(namespace);
    let best: KvMount | undefined;
    for (const [key, mount] of this.mounts) {
      if (!key.startsWith(`${ns}\u0000`)) continue;
      if (apiPath === mount.path || apiPath.startsWith(`${mount.path}/`)) {
        if (!best || mount.path.length > best.path.length) best = mount;
      }
    }
    return best ? { mount: best, rest: apiPath.slice(best.path.length + 1) } : undefined;
  }

  /** KV mounts of a namespace, by path. */
  kvMounts(namespace: string): KvMount[] {
    const prefix = `${normaliseNamespace(namespace)}\u0000`;
    return [...this.mounts].filter(([key]) => key.startsWith(prefix)).map(([, mount]) => mount);
  }

  mount(path: string, namespace = ''): KvMount | undefined {
    return this.mounts.get(`${normaliseNamespace(namespace)}\u0000${path}`);
  }
}

/** `team-a/`, `/team-a` and `team-a` name the same namespace; empty is the root namespace. */
export function normaliseNamespace(namespace: string | undefined): string {
  return (namespace ?? '').replace(/^\/+|\/+$/g, '');
}
