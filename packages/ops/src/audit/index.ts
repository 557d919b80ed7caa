import type { ProviderName } from '@locksmith/schema';
import type { OperationContext } from '../context.js';
import { placementsOrExit } from '../environment.js';
import { EXIT, usageError } from '../errors.js';
import { loadCatalogOrExit } from '../load.js';
import type { AuditOptions } from '../options.js';
import { createProgress } from '../progress.js';
import { where } from '../store/locate.js';
import { locationOf, openStores, storePrefix } from '../store/open.js';
import { StoreError } from '../store/types.js';
import { jsonText, renderTable } from '../table.js';
import { type RotationAge, rotationAge } from './age.js';

/** A secret found in a store under the project's prefix that the catalog does not place there. */
export interface Orphan {
  readonly provider: ProviderName;
  readonly path: string;
  /** Set when the secret is marked as a copy of a source the catalog does not place in this environment. */
  readonly note?: string;
}

/** A secret the catalog does not place, marked by `locksmith copy` as a copy of one it does: a backup, not an orphan. */
export interface Copy {
  readonly provider: ProviderName;
  readonly path: string;
  /** The catalogued source, as copy marked it (`vault:secret/shop/prod/jwt-signing-key`). */
  readonly copyOf: string;
  /** The secret the source holds. */
  readonly secret: string;
}

/** The `--json` output of `locksmith audit`. */
export interface AuditReport {
  readonly environment: string;
  readonly now: string;
  readonly secrets: readonly RotationAge[];
  readonly orphans: readonly Orphan[];
  readonly copies: readonly Copy[];
  readonly summary: Readonly<Record<RotationAge['status'] | 'orphan' | 'copy', number>>;
}

/** `locksmith audit --env ENV`: rotation ages and orphans. Exit 1 when anything is overdue, missing or orphaned. */
export async function auditCommand(options: AuditOptions, ctx: OperationContext): Promise<number> {
  const environment = options.env;
  const catalog = await loadCatalogOrExit(ctx.io, options.catalog);
  const placed = placementsOrExit(catalog, environment, 'audit', { storeOnly: true });
  const nowText = options.now;
  const now = nowText === undefined ? Date.now() : Date.parse(nowText);
  if (Number.isNaN(now)) throw usageError(`audit: --now "${nowText}" is not an ISO date.`);
  const stores = openStores(catalog, options, ctx.env, 'audit');
  const progress = createProgress(ctx.interactive && !options.json, placed.length, ctx.io.stderr);
  try {
    const secrets: RotationAge[] = [];
    for (const { secret, placement } of placed) {
      progress.tick(secret.name);
      const base = { provider: placement.provider, path: placement.path };
      try {
        const info = await stores.get(placement.provider).info(locationOf(placement));
        secrets.push(rotationAge(secret, base, info, now));
      } catch (error) {
        if (!(error instanceof StoreError && error.denied)) throw error;
        const everyDays = secret.rotation.every ? Math.round(secret.rotation.every.ms / 86_400_000) : null;
        secrets.push({
          secret: secret.name,
          ...base,
          status: 'unknown',
          lastRotated: null,
          ageDays: null,
          everyDays,
          note: 'access denied',
        });
      }
    }
    const orphans: Orphan[] = [];
    const copies: Copy[] = [];
    // Every placement of this environment, as copy marks its source.
    const sources = new Map(
      placed.map((p) => [where(p.placement.provider, locationOf(p.placement)), p.secret.name]),
    );
    for (const provider of new Set(placed.map((p) => p.placement.provider))) {
      const known = new Set(
        placed.filter((p) => p.placement.provider === provider).map((p) => p.placement.path),
      );
      const prefix = storePrefix(catalog, provider, environment);
      const mount = provider === 'vault' ? catalog.providers.vault?.mount : undefined;
      const store = stores.get(provider);
      progress.status(`listing ${provider} under ${prefix}`);
      for (const path of await store.list(prefix, mount)) {
        if (known.has(path)) continue;
        const copyOf = await store.copyOf({ path, mount });
        const secret = copyOf === undefined ? undefined : sources.get(copyOf);
        if (copyOf !== undefined && secret !== undefined) copies.push({ provider, path, copyOf, secret });
        else
          orphans.push({
            provider,
            path,
            ...(copyOf === undefined
              ? {}
              : { note: `a copy of ${copyOf}, which the catalog does not place in ${environment}` }),
          });
      }
    }
    const summary = {
      overdue: 0,
      'due-soon': 0,
      fine: 0,
      unknown: 0,
      missing: 0,
      orphan: orphans.length,
      copy: copies.length,
    };
    for (const s of secrets) summary[s.status] += 1;
    const report: AuditReport = {
      environment,
      now: new Date(now).toISOString(),
      secrets,
      orphans,
      copies,
      summary,
    };
    progress.done();
    ctx.io.stdout(options.json ? jsonText(report) : renderAudit(report));
    return summary.overdue + summary.missing + summary.orphan > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    progress.done();
    stores.close();
  }
}

function renderAudit(report: AuditReport): string {
  const rows = report.secrets.map((s) => [
    s.secret,
    s.provider,
    s.status,
    s.ageDays === null ? '-' : `${s.ageDays}d`,
    s.everyDays === null ? '-' : `${s.everyDays}d`,
    s.lastRotated ?? '-',
    s.note ?? '',
  ]);
  const parts = [renderTable(['SECRET', 'STORE', 'STATUS', 'AGE', 'EVERY', 'LAST ROTATED', 'NOTE'], rows)];
  if (report.orphans.length > 0) {
    parts.push(
      renderTable(
        ['ORPHAN (in the store, not in the catalog)', 'STORE', 'NOTE'],
        report.orphans.map((o) => [o.path, o.provider, o.note ?? '']),
      ),
    );
  }
  if (report.copies.length > 0) {
    parts.push(
      renderTable(
        ['COPY (made by locksmith copy)', 'STORE', 'COPY OF', 'SECRET'],
        report.copies.map((c) => [c.path, c.provider, c.copyOf, c.secret]),
      ),
    );
  }
  const s = report.summary;
  parts.push(
    `audit: ${report.environment}: ${s.overdue} overdue, ${s['due-soon']} due soon, ${s.fine} fine, ` +
      `${s.unknown} unknown, ${s.missing} missing, ${s.orphan} orphan(s), ${s.copy} marked copy(ies) of catalogued secrets\n`,
  );
  return parts.join('\n');
}
