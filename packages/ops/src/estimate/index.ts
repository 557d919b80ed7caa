import { parseDuration } from '@locksmith/schema';
import type { OperationContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { loadCatalogOrExit } from '../load.js';
import type { EstimateOptions } from '../options.js';
import { jsonText, renderTable } from '../table.js';
import { type EstimateInputs, estimate, type Scenario, type StoreEstimate } from './model.js';
import { QUOTAS } from './quotas.js';

/** The `--json` output of `locksmith estimate`. */
export interface EstimateReport {
  readonly inputs: EstimateInputs;
  readonly quotas: typeof QUOTAS;
  readonly estimates: readonly StoreEstimate[];
}

/** `locksmith estimate --replicas N`: requests and cost per environment and store. */
export async function estimateCommand(options: EstimateOptions, ctx: OperationContext): Promise<number> {
  const catalog = await loadCatalogOrExit(ctx.io, options.catalog);
  const inputs: EstimateInputs = {
    replicas: numberOption(options.replicas, 'replicas', { integer: true }),
    ttlMs: ttl(options.ttl),
    readsPerSecond: numberOption(options.readsPerSecond, 'reads-per-second'),
    priceSecretMonth: numberOption(options.priceSecretMonth, 'price-secret-month', { allowZero: true }),
    pricePer10kCalls: numberOption(options.price10kCalls, 'price-10k-calls', { allowZero: true }),
  };
  const only = options.env;
  if (only !== undefined && !catalog.environments.some((e) => e.name === only)) {
    throw usageError(`estimate: unknown environment "${only}".`);
  }
  const estimates = estimate(catalog, inputs, only);
  const report: EstimateReport = { inputs, quotas: QUOTAS, estimates };
  ctx.io.stdout(options.json ? jsonText(report) : renderEstimate(report, catalog.environments));
  return EXIT.ok;
}

/** A numeric option: finite, above zero (or at least zero with `allowZero`), whole with `integer`. */
function numberOption(
  text: string,
  name: string,
  rule: { integer?: boolean; allowZero?: boolean } = {},
): number {
  const n = Number(text);
  const valid =
    text.trim() !== '' &&
    Number.isFinite(n) &&
    (rule.allowZero ? n >= 0 : n > 0) &&
    (!rule.integer || Number.isInteger(n));
  if (!valid) {
    const kind = rule.integer
      ? 'a whole number above 0'
      : rule.allowZero
        ? 'a number of 0 or more'
        : 'a number above 0';
    throw usageError(`estimate: --${name} must be ${kind}.`);
  }
  return n;
}

function ttl(text: string): number {
  const ms = /^([0-9]+(ms|s|m|h|d))+$/.test(text) ? parseDuration(text).ms : 0;
  if (ms <= 0) throw usageError(`estimate: --ttl "${text}" is not a duration such as 30s, 5m or 1h.`);
  return ms;
}

const rate = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(4));
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const usd = (n: number | null) => (n === null ? 'self-hosted' : `$${n.toFixed(2)}`);
const quota = (s: Scenario) =>
  s.quotaUse === null
    ? '-'
    : `${(s.quotaUse * 100).toFixed(s.quotaUse < 0.01 ? 3 : 1)}% of ${s.quotaApi}${s.quotaUse > 1 ? ' OVER' : ''}`;

function renderEstimate(
  report: EstimateReport,
  environments: readonly { name: string; source: string }[],
): string {
  const rows: string[][] = [];
  for (const e of report.estimates) {
    for (const [label, s] of [
      ['no cache', e.uncached],
      ['cache', e.cached],
      ['cache+batch', e.cachedAndBatched],
    ] as const) {
      rows.push([
        e.environment,
        e.provider,
        String(e.secrets),
        e.reader,
        label,
        rate(s.requestsPerSecond),
        count(s.requestsPerMonth),
        usd(s.monthlyCost),
        quota(s),
      ]);
    }
  }
  const skipped = environments.filter((e) => e.source === 'env').map((e) => e.name);
  const i = report.inputs;
  return [
    renderTable(
      ['ENV', 'STORE', 'SECRETS', 'READER', 'MODE', 'REQ/S', 'REQ/MONTH', 'COST/MONTH', 'QUOTA'],
      rows,
    ),
    `Inputs: ${i.replicas} replicas per service, cache TTL ${i.ttlMs / 1000}s (unless the secret sets cacheTtl), ` +
      `${i.readsPerSecond} read(s)/s per secret without a cache; $${i.priceSecretMonth}/secret-month, $${i.pricePer10kCalls}/10,000 calls.\n`,
    ...(skipped.length > 0
      ? [`Not shown: ${skipped.join(', ')} (services read a local .env; no store requests).\n`]
      : []),
  ].join('\n');
}
