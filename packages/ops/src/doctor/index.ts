import { dirname, join, resolve } from 'node:path';
import type { OperationContext } from '../context.js';
import { placementsOrExit } from '../environment.js';
import { EXIT } from '../errors.js';
import { loadCatalogOrExit } from '../load.js';
import type { DoctorOptions } from '../options.js';
import { createProgress } from '../progress.js';
import { openStores } from '../store/open.js';
import { StoreError } from '../store/types.js';
import { jsonText, renderTable } from '../table.js';
import { checkPolicies, type PolicyCheck } from './policies.js';
import { checkSecret, deniedCheck, type SecretCheck } from './secret-check.js';

/** The `--json` output of `locksmith doctor`. */
export interface DoctorReport {
  readonly environment: string;
  readonly ok: boolean;
  readonly problems: number;
  readonly secrets: readonly SecretCheck[];
  readonly policies: readonly PolicyCheck[];
}

/** `locksmith doctor --env ENV`: checks every secret of an environment against the live stores. */
export async function doctorCommand(options: DoctorOptions, ctx: OperationContext): Promise<number> {
  const environment = options.env;
  const catalog = await loadCatalogOrExit(ctx.io, options.catalog);
  const placed = placementsOrExit(catalog, environment, 'doctor', { storeOnly: true });
  const generated = resolve(
    ctx.io.cwd,
    options.generated ?? join(dirname(resolve(ctx.io.cwd, options.catalog)), 'generated'),
  );
  const stores = openStores(catalog, options, ctx.env, 'doctor');
  const json = options.json;
  const progress = createProgress(ctx.interactive && !json, placed.length, ctx.io.stderr);
  try {
    const secrets: SecretCheck[] = [];
    for (const { secret, placement } of placed) {
      progress.tick(secret.name);
      try {
        secrets.push(await checkSecret(secret, placement, stores.get(placement.provider)));
      } catch (error) {
        // One secret these credentials may not read is a finding; an unreachable store stops the run.
        if (!(error instanceof StoreError && error.denied)) throw error;
        secrets.push(deniedCheck(secret.name, placement, error));
      }
    }
    const usesVault = placed.some((p) => p.placement.provider === 'vault');
    const policies = await checkPolicies(
      ctx.generator,
      catalog,
      environment,
      generated,
      usesVault ? stores.get('vault') : undefined,
    );
    const problems =
      secrets.reduce((n, s) => n + s.problems.length, 0) +
      policies.filter((p) => p.status === 'differs' || p.status === 'missing').length;
    const report: DoctorReport = { environment, ok: problems === 0, problems, secrets, policies };
    ctx.io.stdout(json ? jsonText(report) : renderDoctor(report));
    return problems === 0 ? EXIT.ok : EXIT.findings;
  } finally {
    progress.done();
    stores.close();
  }
}

function renderDoctor(report: DoctorReport): string {
  const secretRows = report.secrets.map((s) => [
    s.secret,
    s.provider,
    s.exists === null ? '?' : s.exists ? 'yes' : 'NO',
    s.schema,
    s.rotation,
    s.problems.join('; ') || 'ok',
  ]);
  const policyRows = report.policies.map((p) => [p.file, p.policy ?? '', p.status, p.note ?? '']);
  const verdict = report.ok
    ? `doctor: ${report.environment}: all ${report.secrets.length} secrets and ${report.policies.length} policies are healthy\n`
    : `doctor: ${report.environment}: ${report.problems} problem(s) found\n`;
  return [
    renderTable(['SECRET', 'STORE', 'EXISTS', 'SCHEMA', 'ROTATION', 'FINDINGS'], secretRows),
    renderTable(['POLICY FILE', 'NAME', 'STATUS', 'NOTE'], policyRows),
    verdict,
  ].join('\n');
}
