import { compareStrings } from '@locksmith/schema';
import type { AccessChange, GrantView } from '../report.js';
import { accessKey, CHANNELS, type Grant, grantKey } from './grant.js';

/**
 * The access changes of one environment: for every (principal, secret) whose grants differ, what
 * they were and what they become. Sorted by principal, then secret.
 */
export function compareAccess(before: readonly Grant[], after: readonly Grant[]): AccessChange[] {
  const old = groupByAccess(before);
  const now = groupByAccess(after);
  const changes: AccessChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(key) ?? [];
    const is = now.get(key) ?? [];
    if (sameGrants(was, is)) continue;
    const { principal, secret } = (is[0] ?? was[0])!;
    // A switch shows only what differs: the grants it drops and the ones it adds.
    const kept = new Set(was.map(grantKey).filter((k) => is.some((g) => grantKey(g) === k)));
    changes.push({
      change: was.length === 0 ? 'gain' : is.length === 0 ? 'loss' : 'switch',
      principal,
      secret,
      before: was.filter((g) => !kept.has(grantKey(g))).map(view),
      after: is.filter((g) => !kept.has(grantKey(g))).map(view),
    });
  }
  return changes.sort(
    (a, b) => compareStrings(a.principal, b.principal) || compareStrings(a.secret, b.secret),
  );
}

function groupByAccess(grants: readonly Grant[]): Map<string, Grant[]> {
  const groups = new Map<string, Grant[]>();
  for (const grant of grants) {
    const key = accessKey(grant);
    const list = groups.get(key);
    if (list) list.push(grant);
    else groups.set(key, [grant]);
  }
  for (const list of groups.values()) {
    list.sort(
      (a, b) =>
        CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel) ||
        compareStrings(a.holder, b.holder) ||
        compareStrings(a.resource, b.resource) ||
        compareStrings(a.identity ?? '', b.identity ?? ''),
    );
  }
  return groups;
}

/**
 * Grants are the same when the same holders read the same resources through the same channels,
 * exercised by the same ServiceAccounts.
 */
function sameGrants(a: readonly Grant[], b: readonly Grant[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(grantKey));
  return b.every((g) => keys.has(grantKey(g)));
}

function view(grant: Grant): GrantView {
  return {
    channel: grant.channel,
    holder: grant.holder,
    resource: grant.resource,
    identity: grant.identity,
    via: grant.via,
    files: grant.files,
  };
}
