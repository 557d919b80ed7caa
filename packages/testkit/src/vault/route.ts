import type { FakeResponse } from '../http.js';
import type { VaultCapability } from './policy.js';
import type { VaultState } from './state.js';
import type { VaultToken } from './tokens.js';

/** What a handler gets. */
export interface RouteContext {
  readonly state: VaultState;
  readonly body: Record<string, unknown>;
  readonly query: URLSearchParams;
  readonly method: string;
  /** The `X-Vault-Namespace` the request named ('' for the root namespace). */
  readonly namespace: string;
  /** The caller's token (undefined on unauthenticated routes). */
  readonly token: VaultToken | undefined;
}

/** A resolved route: its log name, what ACL check it needs, and how to answer. */
export interface VaultRoute {
  readonly op: string;
  /** `mount_type` of the answer's envelope: `kv`, `token`, `approle`, `kubernetes`, `system`. */
  readonly mountType?: string;
  /** The KV path below the mount a KV route acts on (fault matching and the request log). */
  readonly secretPath?: string;
  /** No token needed (login, health). */
  readonly unauthenticated?: boolean;
  /** Also served while sealed (health, seal status). */
  readonly whileSealed?: boolean;
  /** Path checked against policies (relative to the namespace). */
  readonly aclPath?: string;
  /** The capability needed; a function when it depends on state (create vs update). */
  readonly capability?: VaultCapability | (() => VaultCapability);
  run(ctx: RouteContext): FakeResponse;
}
