import type { OperationContext } from '../context.js';
import { placementsOrExit } from '../environment.js';
import { EXIT, usageError } from '../errors.js';
import { loadCatalogOrExit } from '../load.js';
import type { CopyOptions } from '../options.js';
import { createProgress } from '../progress.js';
import { locationIn, where } from '../store/locate.js';
import { openStores } from '../store/open.js';
import { encodeValue } from '../store/value.js';
import { jsonText, renderTable } from '../table.js';
import { type CopyAction, planCopy } from './plan.js';

/**
 * `locksmith copy --from STORE --to STORE --env ENV`: copies every secret the catalog places in
 * the source store for that environment to where the target store's template puts it, and marks
 * each copy with its source (an AWS tag, Vault custom metadata) so that `audit` does not take it
 * for an orphan.
 */
export async function copyCommand(options: CopyOptions, ctx: OperationContext): Promise<number> {
  const { from, to, dryRun } = options;
  if (from === to) throw usageError('copy: --from and --to must be different stores.');
  const environment = options.env;
  const catalog = await loadCatalogOrExit(ctx.io, options.catalog);
  const placed = placementsOrExit(catalog, environment, 'copy', { storeOnly: true }).filter(
    (p) => p.placement.provider === from,
  );
  const stores = openStores(catalog, options, ctx.env, 'copy');
  const progress = createProgress(ctx.interactive && !options.json, placed.length, ctx.io.stderr);
  try {
    const actions: CopyAction[] = [];
    for (const { secret, placement } of placed) {
      progress.tick(secret.name);
      const source = { store: stores.get(from), location: { path: placement.path, mount: placement.mount } };
      const targetLocation = locationIn(catalog, to, environment, secret);
      if (!targetLocation) throw usageError(`copy: the catalog configures no ${to} provider.`);
      const target = { store: stores.get(to), location: targetLocation };
      const plan = await planCopy(secret, source, target);
      if (!dryRun) {
        for (const value of plan.pending)
          await target.store.write(
            target.location,
            encodeValue(secret, to, value),
            where(from, source.location),
          );
      }
      actions.push({
        secret: secret.name,
        from: where(from, source.location),
        to: where(to, target.location),
        action: plan.action,
        versions: plan.pending.length,
        ...(plan.note === undefined ? {} : { note: plan.note }),
      });
    }
    progress.done();
    const failed = actions.filter(
      (a) => a.action === 'missing-in-source' || a.action === 'unreadable',
    ).length;
    if (options.json) {
      ctx.io.stdout(jsonText({ environment, from, to, dryRun, actions }));
    } else {
      const rows = actions.map((a) => [
        a.secret,
        a.action,
        String(a.versions),
        `${a.from} -> ${a.to}`,
        a.note ?? '',
      ]);
      ctx.io.stdout(
        renderTable(['SECRET', dryRun ? 'WOULD' : 'ACTION', 'VERSIONS', 'FROM -> TO', 'NOTE'], rows),
      );
      const written = actions.reduce((n, a) => n + a.versions, 0);
      ctx.io.stdout(
        `copy: ${environment}: ${dryRun ? 'would write' : 'wrote'} ${written} version(s) for ${actions.length} secret(s)` +
          `${failed > 0 ? `; ${failed} could not be copied` : ''}\n`,
      );
    }
    return failed > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    progress.done();
    stores.close();
  }
}
