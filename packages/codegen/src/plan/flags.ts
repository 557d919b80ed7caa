import { type Catalog, compareStrings } from '@locksmith/schema';
import { type Grant, grantKey } from './access/grant.js';
import type { AccessChange, PlacementChange, RiskFlag, RiskFlagKind } from './report.js';

/** What the flags of one environment are computed from. */
export interface FlagInput {
  readonly environment: string;
  /** The environment is production in the head catalog (or in the base, when the head drops it). */
  readonly production: boolean;
  readonly access: readonly AccessChange[];
  readonly placements: readonly PlacementChange[];
  readonly baseGrants: readonly Grant[];
  readonly headGrants: readonly Grant[];
  readonly head: Catalog;
  /** A secret with more service readers than this, and more than before, is flagged. */
  readonly maxReaders: number;
}

const ORDER: readonly RiskFlagKind[] = [
  'new-production-reader',
  'cross-team',
  'broad-grant',
  'readers-threshold',
  'production-placement',
];

/**
 * The risk flags of one environment's changes, sorted by kind, principal, secret. Only what the
 * change introduces is flagged: a wildcard that was already granted is not news.
 */
export function riskFlags(input: FlagInput): RiskFlag[] {
  const { environment: env } = input;
  const flags: RiskFlag[] = [];
  const serviceGains = input.access.filter((a) => a.change === 'gain');
  if (input.production) {
    for (const a of serviceGains) {
      flags.push(
        flag(
          'new-production-reader',
          env,
          a.principal,
          a.secret,
          `${a.principal} can now read ${a.secret}, a production secret in ${env}`,
        ),
      );
    }
    for (const p of input.placements) {
      flags.push(
        flag(
          'production-placement',
          env,
          null,
          p.secret,
          `${p.secret} is ${p.change} in production environment ${env}`,
        ),
      );
    }
  }
  const owners = new Map(input.head.secrets.map((s) => [s.name, s.owner]));
  const teams = new Map(input.head.services.map((s) => [s.name, s.owner]));
  for (const a of serviceGains) {
    const owner = owners.get(a.secret);
    const team = teams.get(a.principal);
    if (owner !== undefined && team !== undefined && owner !== team) {
      flags.push(
        flag(
          'cross-team',
          env,
          a.principal,
          a.secret,
          `${a.principal} (${team}) can now read ${a.secret}, owned by ${owner}, in ${env}`,
        ),
      );
    }
  }
  const existing = new Set(input.baseGrants.map(grantKey));
  for (const g of input.headGrants) {
    if (existing.has(grantKey(g)) || !isBroad(g)) continue;
    flags.push(
      flag(
        'broad-grant',
        env,
        g.principal,
        g.secret,
        `${g.principal} reads ${g.secret} in ${env} through a wildcard grant (${g.resource}) that matches other secrets too`,
      ),
    );
  }
  const before = readerCounts(input.baseGrants);
  for (const [secret, count] of readerCounts(input.headGrants)) {
    const was = before.get(secret) ?? 0;
    if (count > input.maxReaders && count > was) {
      flags.push(
        flag(
          'readers-threshold',
          env,
          null,
          secret,
          `${secret} has ${count} readers in ${env} (was ${was}), more than ${input.maxReaders}`,
        ),
      );
    }
  }
  return dedupe(flags).sort(
    (a, b) =>
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      compareStrings(a.principal ?? '', b.principal ?? '') ||
      compareStrings(a.secret, b.secret),
  );
}

/**
 * A grant that names more than one exact secret. An IAM resource may end in `-??????` (the six
 * characters AWS appends to every secret name): that matches one secret. Any other `*` or `?`,
 * and any `*` or `+` in a Vault path, is a wildcard.
 */
export function isBroad(grant: Grant): boolean {
  if (grant.channel === 'iam') return /[*?]/.test(grant.resource.replace(/-\?{6}$/, ''));
  if (grant.channel === 'vault') return /[*+]/.test(grant.resource);
  return false;
}

/** Services that read each secret. */
function readerCounts(grants: readonly Grant[]): Map<string, number> {
  const readers = new Map<string, Set<string>>();
  for (const g of grants) {
    const set = readers.get(g.secret) ?? new Set<string>();
    set.add(g.principal);
    readers.set(g.secret, set);
  }
  return new Map([...readers].map(([secret, set]) => [secret, set.size]));
}

function flag(
  kind: RiskFlagKind,
  environment: string,
  principal: string | null,
  secret: string,
  message: string,
): RiskFlag {
  return { kind, environment, principal, secret, message };
}

function dedupe(flags: readonly RiskFlag[]): RiskFlag[] {
  const seen = new Set<string>();
  return flags.filter((f) => {
    const key = `${f.kind}\u0000${f.principal ?? ''}\u0000${f.secret}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
