import { randomBytes, randomUUID } from 'node:crypto';
import { badRequest } from './errors.js';

/** A Vault service token as the fake keeps it. Times are fake-clock epoch ms. */
export interface VaultToken {
  readonly id: string;
  readonly accessor: string;
  readonly policies: readonly string[];
  readonly displayName: string;
  /** Login path that created it (`auth/approle/login`), or `auth/token/root`. */
  readonly path: string;
  readonly meta: Readonly<Record<string, string>> | null;
  readonly issuedAt: number;
  /** TTL the token was created with, in ms; 0 = never expires (root). */
  readonly creationTtlMs: number;
  /** Absolute cap on the token's life (0 = none). */
  readonly maxTtlMs: number;
  readonly renewable: boolean;
  readonly entityId: string;
  readonly orphan: boolean;
  expiresAt: number | undefined;
}

/** What a new token needs. */
export interface TokenSpec {
  readonly policies: readonly string[];
  /** Default 768h, Vault's default TTL. */
  readonly ttlMs?: number;
  /** Default 768h. */
  readonly maxTtlMs?: number;
  readonly renewable?: boolean;
  readonly displayName?: string;
  readonly path?: string;
  readonly meta?: Readonly<Record<string, string>>;
  /** Use this id (tests that want a known token). */
  readonly id?: string;
}

const DEFAULT_TTL_MS = 768 * 3600 * 1000;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const randomId = (prefix: string): string =>
  prefix + [...randomBytes(24)].map((b) => BASE62[b % BASE62.length]).join('');

/** Issues, looks up, renews and revokes tokens against the fake clock. */
export class TokenStore {
  private readonly tokens = new Map<string, VaultToken>();

  constructor(private readonly now: () => number) {}

  create(spec: TokenSpec): VaultToken {
    const now = this.now();
    const root = spec.policies.includes('root');
    const ttl = root && spec.ttlMs === undefined ? 0 : (spec.ttlMs ?? DEFAULT_TTL_MS);
    const token: VaultToken = {
      id: spec.id ?? randomId('hvs.'),
      accessor: randomId(''),
      policies: root ? ['root'] : [...new Set(['default', ...spec.policies])].sort(),
      displayName: spec.displayName ?? 'token',
      path: spec.path ?? 'auth/token/create',
      meta: spec.meta ?? null,
      issuedAt: now,
      creationTtlMs: ttl,
      maxTtlMs: ttl === 0 ? 0 : (spec.maxTtlMs ?? DEFAULT_TTL_MS),
      renewable: ttl !== 0 && (spec.renewable ?? true),
      entityId: root ? '' : randomUUID(),
      orphan: true,
      expiresAt: ttl === 0 ? undefined : now + ttl,
    };
    this.tokens.set(token.id, token);
    return token;
  }

  /** The live token with this id; an expired token is gone, as in Vault. */
  lookup(id: string | undefined): VaultToken | undefined {
    if (!id) return undefined;
    const token = this.tokens.get(id);
    if (token?.expiresAt !== undefined && token.expiresAt <= this.now()) {
      this.tokens.delete(id);
      return undefined;
    }
    return token;
  }

  /**
   * Extends the TTL by `incrementMs`, never past the max TTL. No increment, or 0 (what `vault token
   * renew` and vault/api's `RenewSelf(0)` send), means the token's own TTL, as in Vault.
   */
  renew(token: VaultToken, incrementMs: number | undefined): VaultToken {
    if (!token.renewable) throw badRequest('lease is not renewable');
    const now = this.now();
    const wanted = now + (incrementMs !== undefined && incrementMs > 0 ? incrementMs : token.creationTtlMs);
    const cap = token.maxTtlMs === 0 ? wanted : token.issuedAt + token.maxTtlMs;
    token.expiresAt = Math.min(wanted, cap);
    return token;
  }

  revoke(id: string): void {
    this.tokens.delete(id);
  }

  /**
   * The lease an auth answer reports (login, create, renew): the TTL just granted, in seconds. Rounded,
   * so the milliseconds a real clock moves while answering do not turn 3600 into 3599.
   */
  leaseSeconds(token: VaultToken): number {
    return token.expiresAt === undefined ? 0 : Math.max(0, Math.round((token.expiresAt - this.now()) / 1000));
  }

  /** Remaining TTL in whole seconds (0 for a token that never expires). */
  ttlSeconds(token: VaultToken): number {
    return token.expiresAt === undefined ? 0 : Math.max(0, Math.floor((token.expiresAt - this.now()) / 1000));
  }
}

/** Parses Vault durations: seconds as a number, or `"90s"`, `"15m"`, `"1h"`, `"1h30m"`. */
export function parseVaultDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  const re = /(\d+)(ms|s|m|h|d)/g;
  let consumed = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    total += Number(m[1]) * (units[m[2] as string] as number);
    consumed += m[0].length;
  }
  if (consumed !== value.length) throw badRequest(`invalid duration "${value}"`);
  return total;
}
