import { createFakeClock, type FakeClock } from '../clock.js';
import { createFaults, type FaultKind, type Faults } from '../faults.js';
import { type FakeResponse, type HttpLimits, startFakeHttpServer } from '../http.js';
import { createRequestLog, type RequestLog } from '../request-log.js';
import type { AppRoleSpec, KubernetesRoleSpec } from './auth.js';
import { INVALID_TOKEN, PERMISSION_DENIED } from './errors.js';
import { requestToken } from './request-token.js';
import type { VaultRoute } from './route.js';
import { resolveRoute, serveVault } from './router.js';
import { createKvApi, type FakeVaultKv } from './seed-api.js';
import { type VaultHealthState, VaultState } from './state.js';
import type { TokenSpec } from './tokens.js';

export interface FakeVaultOptions {
  /** Default 0 (any free port). */
  readonly port?: number;
  readonly host?: string;
  readonly clock?: FakeClock;
  /** KV v2 mounts to enable in the root namespace (default `["secret"]`). */
  readonly mounts?: readonly string[];
  /** Body size and socket deadlines (defaults: 1 MiB, 10 s for the request head, 10 s body pause). */
  readonly limits?: Partial<HttpLimits>;
  /** The root token's id (default: random `hvs.` token). */
  readonly rootToken?: string;
}

/** A running fake Vault. Point node-vault (or `VAULT_ADDR`) at `endpoint`. */
export interface FakeVault {
  readonly endpoint: string;
  readonly port: number;
  /** A token with the `root` policy that never expires. */
  readonly rootToken: string;
  /** Seed and inspect KV v2 data without going through HTTP. */
  readonly kv: FakeVaultKv;
  readonly faults: Faults;
  readonly requests: RequestLog;
  readonly clock: FakeClock;
  /** Enables a KV v2 mount, optionally inside a namespace. */
  enableKv(
    mount: string,
    options?: { namespace?: string; maxVersions?: number; casRequired?: boolean },
  ): void;
  /** Stores an ACL policy (HCL or JSON); throws on syntax the fake cannot enforce. */
  setPolicy(name: string, text: string): void;
  /** Issues a token directly (TTL on the fake clock). */
  createToken(spec: TokenSpec): { token: string; accessor: string };
  addAppRole(name: string, spec: AppRoleSpec): { roleId: string; secretId: string };
  addKubernetesRole(name: string, spec: KubernetesRoleSpec): void;
  /** Every request but `sys/health` and `sys/seal-status` answers 503 "Vault is sealed". */
  seal(): void;
  unseal(): void;
  /** Changes what `sys/health` reports (standby, performance standby, DR secondary, uninitialised). */
  setHealth(health: Partial<VaultHealthState>): void;
  close(): Promise<void>;
}

const FAULT_ANSWERS: Record<
  Exclude<FaultKind, 'reset' | 'hang' | 'malformed' | 'truncated'>,
  FakeResponse
> = {
  throttle: { status: 429, body: { errors: ['request path "/v1/": rate limit quota exceeded'] } },
  '500': { status: 500, body: { errors: ['1 error occurred:\n\t* internal error\n\n'] } },
  '503': { status: 503, body: { errors: ['local node not active but active cluster node not found'] } },
  sealed: { status: 503, body: { errors: ['Vault is sealed'] } },
  denied: { status: 403, body: { errors: [PERMISSION_DENIED] } },
  'expired-token': { status: 403, body: { errors: [INVALID_TOKEN] } },
  'not-found': { status: 404, body: { errors: [] } },
  decryption: { status: 500, body: { errors: ['1 error occurred:\n\t* failed to decrypt the value\n\n'] } },
};

const kvKeyOf = (route: VaultRoute | undefined): string[] =>
  route?.secretPath === undefined ? [] : [route.secretPath];

/** Starts a fake HashiCorp Vault (KV v2, token/AppRole/Kubernetes auth, ACL policies) on 127.0.0.1. */
export async function startFakeVault(options: FakeVaultOptions = {}): Promise<FakeVault> {
  const clock = options.clock ?? createFakeClock();
  const state = new VaultState(clock);
  for (const mount of options.mounts ?? ['secret']) state.enableKv(mount);
  const root = state.tokens.create({
    policies: ['root'],
    displayName: 'root',
    path: 'auth/token/root',
    ...(options.rootToken === undefined ? {} : { id: options.rootToken }),
  });
  const faults = createFaults(clock);
  const log = createRequestLog();

  const server = await startFakeHttpServer({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    clock,
    faults,
    log,
    contentType: 'application/json',
    classify(req) {
      const { route } = resolveRoute(state, req);
      const token = state.tokens.lookup(requestToken(req));
      return { op: route?.op ?? 'unknown', principal: token?.displayName, secretIds: kvKeyOf(route) };
    },
    renderTooLarge: () => ({
      status: 413,
      body: { errors: ['failed to parse JSON input: http: request body too large'] },
      error: 'request body too large',
    }),
    handle: (req) => serveVault(state, req),
    renderFault: (kind) => {
      const answer = FAULT_ANSWERS[kind as keyof typeof FAULT_ANSWERS];
      return { ...answer, error: `fault:${kind}` };
    },
  });

  return {
    endpoint: server.endpoint,
    port: server.port,
    rootToken: root.id,
    kv: createKvApi(state),
    faults,
    requests: log,
    clock,
    enableKv(mount, opts = {}) {
      state.enableKv(mount, opts.namespace, {
        ...(opts.maxVersions === undefined ? {} : { maxVersions: opts.maxVersions }),
        ...(opts.casRequired === undefined ? {} : { casRequired: opts.casRequired }),
      });
    },
    setPolicy: (name, text) => state.setPolicy(name, text),
    createToken(spec) {
      const token = state.tokens.create(spec);
      return { token: token.id, accessor: token.accessor };
    },
    addAppRole: (name, spec) => state.auth.addAppRole(name, spec),
    addKubernetesRole: (name, spec) => state.auth.addKubernetesRole(name, spec),
    seal() {
      state.health.sealed = true;
    },
    unseal() {
      state.health.sealed = false;
    },
    setHealth(health) {
      Object.assign(state.health, health);
    },
    close: () => server.close(),
  };
}
