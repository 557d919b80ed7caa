import { readFile } from 'node:fs/promises';
import { SecretsError } from '../errors.js';
import type { Clock } from '../types.js';
import type { VaultAuth } from './vault-auth-method.js';
import { fromVaultError } from './vault-errors.js';

export type { VaultAuth } from './vault-auth-method.js';

/**
 * The calls a session makes on a Vault client (node-vault's client has them). Our own type, so
 * node-vault's types never appear in this package's declarations.
 */
export interface VaultLoginClient {
  token: string;
  tokenLookupSelf(): Promise<unknown>;
  tokenRenewSelf(): Promise<unknown>;
  approleLogin(options: { mount_point: string; role_id: string; secret_id: string }): Promise<unknown>;
  kubernetesLogin(options: { mount_point: string; role: string; jwt: string }): Promise<unknown>;
}

const DEFAULT_JWT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** Renew when two thirds of the TTL have passed, leaving a third for slow or failed renewals. */
const RENEW_AT = 2 / 3;

interface AuthBlock {
  readonly client_token?: unknown;
  readonly lease_duration?: unknown;
  readonly renewable?: unknown;
}

/**
 * Keeps the node-vault client's token valid: logs in lazily, renews (renew-self) once 2/3 of the
 * TTL has passed — checked before each request with the Clock, so no timer — and logs in again
 * when renewal fails or a request is refused with 403.
 */
export class VaultSession {
  readonly #client: VaultLoginClient;
  readonly #auth: VaultAuth;
  readonly #clock: Clock;
  #renewAt: number | undefined;
  #pending: Promise<void> | undefined;
  #loggedIn = false;

  constructor(client: VaultLoginClient, auth: VaultAuth, clock: Clock) {
    this.#client = client;
    this.#auth = auth;
    this.#clock = clock;
  }

  /** True when a fresh login can replace a refused token (not for a static token). */
  get canLogin(): boolean {
    return this.#auth.method !== 'token';
  }

  /** Makes sure a usable token is set; single flight. */
  ensure(): Promise<void> {
    if (this.#loggedIn && (this.#renewAt === undefined || this.#clock.now() < this.#renewAt))
      return Promise.resolve();
    this.#pending ??= (this.#loggedIn ? this.#renew() : this.#login()).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forces a new login (after a 403). */
  relogin(): Promise<void> {
    this.#loggedIn = false;
    return this.ensure();
  }

  async #login(): Promise<void> {
    const auth = this.#auth;
    try {
      if (auth.method === 'token') {
        this.#client.token = auth.token;
        const self = (await this.#client.tokenLookupSelf()) as {
          data?: { ttl?: unknown; renewable?: unknown };
        };
        this.#schedule({ lease_duration: self.data?.ttl, renewable: self.data?.renewable });
      } else if (auth.method === 'approle') {
        const res = (await this.#client.approleLogin({
          mount_point: auth.mount ?? 'approle',
          role_id: auth.roleId,
          secret_id: auth.secretId,
        })) as { auth?: AuthBlock };
        this.#adopt(res.auth);
      } else {
        const jwt = await readJwt(auth.jwtPath ?? DEFAULT_JWT_PATH);
        const res = (await this.#client.kubernetesLogin({
          mount_point: auth.mount ?? 'kubernetes',
          role: auth.role,
          jwt,
        })) as { auth?: AuthBlock };
        this.#adopt(res.auth);
      }
      this.#loggedIn = true;
    } catch (error) {
      if (error instanceof SecretsError) throw error;
      const mapped = fromVaultError(error, undefined);
      throw new SecretsError(
        mapped.retryable ? mapped.code : 'AUTH_FAILED',
        `vault: ${auth.method} login failed: ${mapped.code}; tried: ${tried(auth)}`,
        { provider: 'vault', cause: mapped },
      );
    }
  }

  async #renew(): Promise<void> {
    try {
      const res = (await this.#client.tokenRenewSelf()) as { auth?: AuthBlock };
      this.#schedule(res.auth ?? {});
    } catch {
      // A token past its max TTL cannot be renewed: log in again instead.
      this.#loggedIn = false;
      if (!this.canLogin)
        throw new SecretsError('AUTH_FAILED', `vault: token renewal failed; tried: ${tried(this.#auth)}`, {
          provider: 'vault',
        });
      await this.#login();
    }
  }

  #adopt(auth: AuthBlock | undefined): void {
    if (typeof auth?.client_token !== 'string') {
      throw new SecretsError('MALFORMED_RESPONSE', 'vault: login response has no client_token', {
        provider: 'vault',
      });
    }
    this.#client.token = auth.client_token;
    this.#schedule(auth);
  }

  #schedule(auth: AuthBlock): void {
    const ttlSeconds = typeof auth.lease_duration === 'number' ? auth.lease_duration : 0;
    // A TTL of 0 is a token that never expires (root, dev): nothing to renew. A non-renewable
    // token is still "renewed" on time — the renewal fails and a fresh login replaces it.
    const renewable = auth.renewable !== false || this.canLogin;
    this.#renewAt =
      ttlSeconds > 0 && renewable ? this.#clock.now() + ttlSeconds * 1000 * RENEW_AT : undefined;
  }
}

/** The methods a login considered, in order, for its error message (never a credential). */
function tried(auth: VaultAuth): string {
  return [...(auth.method === 'token' ? (auth.tried ?? []) : []), auth.method].join(', ');
}

/** Reads the projected service-account token afresh at each login (the kubelet rotates it). */
async function readJwt(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    throw new SecretsError(
      'AUTH_FAILED',
      `vault: cannot read the service-account token at ${path}; tried: kubernetes. ` +
        'Outside a cluster, export VAULT_TOKEN (locksmith-fake prints one).',
      { provider: 'vault' },
    );
  }
}
