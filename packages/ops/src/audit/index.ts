import type { ProviderName } from '@locksmith/schema';
import type { OperationContext } from '../context.js';
import { placementsOrExit } from '../environment.js';
import { EXIT, usageError } from '../errors.js';
import { loadCatalogOrExit } from '../load.js';
import type { AuditOptions } from '../options.js';
import { locationOf, openStores, storePrefix } from '../store/open.js';
import { StoreError } from '../store/types.js';
import { jsonText, renderTable } from '../table.js';
import { type RotationAge, rotationAge } from './age.js';

/** A secret found in a store under the project's prefix that the catalog does not place there. */
export interface Orphan {
  readonly provider: ProviderName;
  readonly path: string;
}

/** The `--json` output of `locksmith audit`. */
export interface AuditReport {
  readonly environment: string;
  readonly now: string;
  readonly secrets: readonly RotationAge[];
  readonly orphans: readonly Orphan[];
  readonly summary: Readonly<Record<RotationAge['status'] | 'orphan', number>>;
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
  try {
    const secrets: RotationAge[] = [];
    for (const { secret, placement } of placed) {
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
    for (const provider of new Set(placed.map((p) => p.placement.provider))) {
      const known = new Set(
        placed.filter((p) => p.placement.provider === provider).map((p) => p.placement.path),
      );
      const prefix = storePrefix(catalog, provider, environment);
      const mount = provider === 'vault' ? catalog.providers.vault?.mount : undefined;
      for (const path of await stores.get(provider).list(prefix, mount)) {
        if (!known.has(path)) orphans.push({ provider, path });
      }
    }
    const summary = { overdue: 0, 'due-soon': 0, fine: 0, unknown: 0, missing: 0, orphan: orphans.length };
    for (const s of secrets) summary[s.status] += 1;
    const report: AuditReport = { environment, now: new Date(now).toISOString(), secrets, orphans, summary };
    ctx.io.stdout(options.json ? jsonText(report) : renderAudit(report));
    return summary.overdue + summary.missing + summary.orphan > 0 ? EXIT.findings : EXIT.ok;
  } finally {
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
        ['ORPHAN (in the store, not in the catalog)', 'STORE'],
        report.orphans.map((o) => [o.path, o.provider]),
      ),
    );
  }
  const s = report.summary;
  parts.push(
    `audit: ${report.environment}: ${s.overdue} overdue, ${s['due-soon']} due soon, ${s.fine} fine, ` +
      `${s.unknown} unknown, ${s.missing} missing, ${s.orphan} orphan(s)\n`,
  );
  return parts.join('\n');
}
