import type { Catalog, Environment } from '@locksmith/schema';
import { compareAccess } from './access/compare.js';
import type { Grant } from './access/grant.js';
import { accessMatrix } from './access/matrix.js';
import { compareCatalogs } from './catalog-changes.js';
import { riskFlags } from './flags.js';
import { comparePlacements } from './placements.js';
import { type AccessPlan, type EnvironmentPlan, PLAN_FORMAT_VERSION, type RiskFlag } from './report.js';

export type { AccessChannel, Grant } from './access/grant.js';
export { accessMatrix } from './access/matrix.js';
export { DEFAULT_MAX_READERS } from './defaults.js';
export type * from './report.js';
export { PLAN_FORMAT_VERSION } from './report.js';

/** Where each catalog came from, and the plan's thresholds. */
export interface PlanOptions {
  /** How the base is named in the output (a file, or `<ref>:<path>`). */
  readonly baseSource: string;
  readonly headSource: string;
  /** Flag a secret whose readers in an environment grow past this many services. */
  readonly maxReaders: number;
}

/**
 * Compares two catalogs as access: per environment, who gains, loses or switches read access to
 * which secret and through which generated artifact, which secrets appear, disappear or move,
 * and what deserves a second look. `base` is undefined when the catalog is new.
 */
export function planChanges(base: Catalog | undefined, head: Catalog, options: PlanOptions): AccessPlan {
  const baseGrants = byEnvironment(base ? accessMatrix(base) : []);
  const headGrants = byEnvironment(accessMatrix(head));
  const environments: EnvironmentPlan[] = [];
  const flags: RiskFlag[] = [];
  for (const { env, status } of environmentsOf(base, head)) {
    const before = baseGrants.get(env.name) ?? [];
    const after = headGrants.get(env.name) ?? [];
    const access = compareAccess(before, after);
    const placements = comparePlacements(base, head, env.name);
    const changed = access.length > 0 || placements.length > 0;
    environments.push({
      name: env.name,
      production: env.production,
      source: env.source,
      status: status ?? (changed ? 'changed' : 'unchanged'),
      access,
      placements,
    });
    flags.push(
      ...riskFlags({
        environment: env.name,
        production: env.production,
        access,
        placements,
        baseGrants: before,
        headGrants: after,
        head,
        maxReaders: options.maxReaders,
      }),
    );
  }
  const count = (change: string) =>
    environments.reduce((n, e) => n + e.access.filter((a) => a.change === change).length, 0);
  const summary = {
    gained: count('gain'),
    lost: count('loss'),
    switched: count('switch'),
    placementChanges: environments.reduce((n, e) => n + e.placements.length, 0),
    flags: flags.length,
  };
  return {
    format: 'locksmith-plan',
    version: PLAN_FORMAT_VERSION,
    base: { source: options.baseSource, hash: base?.hash ?? null },
    head: { source: options.headSource, hash: head.hash },
    accessChanged: summary.gained + summary.lost + summary.switched > 0,
    summary,
    environments,
    catalog: compareCatalogs(base, head),
    flags,
  };
}

/** The head's environments in catalog order, then those only the base has. */
function environmentsOf(
  base: Catalog | undefined,
  head: Catalog,
): Array<{ env: Environment; status: 'added' | 'removed' | undefined }> {
  const old = new Set(base?.environments.map((e) => e.name) ?? []);
  const now = new Set(head.environments.map((e) => e.name));
  return [
    ...head.environments.map((env) => ({ env, status: old.has(env.name) ? undefined : ('added' as const) })),
    ...(base?.environments ?? [])
      .filter((e) => !now.has(e.name))
      .map((env) => ({ env, status: 'removed' as const })),
  ];
}

function byEnvironment(grants: readonly Grant[]): Map<string, Grant[]> {
  const map = new Map<string, Grant[]>();
  for (const g of grants) {
    const list = map.get(g.environment);
    if (list) list.push(g);
    else map.set(g.environment, [g]);
  }
  return map;
}
