import vault from 'node-vault';
import { systemClock } from '../clock.js';
import type { Clock } from '../types.js';
import { type VaultAuth, VaultSession } from './vault-auth.js';

/** How to reach and log in to Vault. */
export interface VaultConnectionOptions {
  /** Vault address, e.g. `https://vault.example:8200`. */
  readonly endpoint: string;
  /** Enterprise namespace, sent as `X-Vault-Namespace`. */
  readonly namespace?: string;
  readonly auth: VaultAuth;
  /** Timeout of one HTTP request, in ms (default 5000). */
  readonly requestTimeoutMs?: number;
  readonly clock?: Clock;
}

/**
 * The requests a tool makes on a {@link VaultConnection}, each answering Vault's JSON body.
 * Declared here rather than taken from node-vault so that node-vault's types stay out of our
 * public declarations (they need esModuleInterop; see test/package-surface.test.ts).
 */
export interface VaultRequestClient {
  read(path: string): Promise<unknown>;
  list(path: string): Promise<unknown>;
  write(path: string, data: Readonly<Record<string, unknown>>): Promise<unknown>;
}

/** A Vault client and the runtime's login session that keeps its token valid. */
export interface VaultConnection {
  readonly client: VaultRequestClient;
  /**
   * Logs in (token lookup, AppRole or Kubernetes, single flight) or renews when due, so the next
   * request carries a valid token. A failed login is a SecretsError (`AUTH_FAILED`, or the
   * transport's code) whose cause holds the store's status — never the credentials.
   */
  ensureToken(): Promise<void>;
  /** Forces a fresh login, e.g. after a 403 on a token that may have been revoked. */
  relogin(): Promise<void>;
  /** False for a static token, which a fresh login cannot replace. */
  readonly canLogin: boolean;
}

/**
 * Opens a Vault connection exactly as the runtime's Vault provider does: node-vault with its debug
 * output silenced (it would print login bodies) and a per-request timeout, logged in through
 * {@link VaultAuth} by the same session code. Exported so that tools writing to Vault
 * (`@locksmith/ops`) never carry a second login implementation.
 */
export function connectVault(options: VaultConnectionOptions): VaultConnection {
  const client = vault({
    endpoint: options.endpoint,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    requestOptions: { timeout: options.requestTimeoutMs ?? 5000 },
    debug: () => undefined,
  });
  const session = new VaultSession(client, options.auth, options.clock ?? systemClock);
  return {
    client,
    ensureToken: () => session.ensure(),
    relogin: () => session.relogin(),
    canLogin: session.canLogin,
  };
}
