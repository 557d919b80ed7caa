import type { Catalog, ProviderName } from '@locksmith/schema';
import { deployedEnvironments, placementsIn, readsIn, servicesIn } from '@locksmith/schema';
import { MONTH_SECONDS, QUOTAS } from './quotas.js';

/** The inputs of an estimate: replicas, the default cache TTL, how often code reads a secret, prices. */
export interface EstimateInputs {
  readonly replicas: number;
  readonly ttlMs: number;
  readonly readsPerSecond: number;
  readonly priceSecretMonth: number;
  readonly pricePer10kCalls: number;
}

/** Request rate and cost of one way of reading secrets. */
export interface Scenario {
  readonly requestsPerSecond: number;
  readonly requestsPerMonth: number;
  /** USD per month; null for a self-hosted Vault (no per-request price). */
  readonly monthlyCost: number | null;
  /** Share of the documented read quota this rate uses (AWS only), 1 = 100%. */
  readonly quotaUse: number | null;
  readonly quotaApi: string | null;
}

/** One environment and store. */
export interface StoreEstimate {
  readonly environment: string;
  readonly provider: ProviderName;
  readonly secrets: number;
  /** How services read here: the runtime straight from the store, or ESO syncing into Kubernetes Secrets. */
  readonly reader: 'runtime' | 'external-secrets';
  readonly uncached: Scenario;
  readonly cached: Scenario;
  readonly cachedAndBatched: Scenario;
}

/**
 * Per deployed environment and store: requests with no cache (every read goes to the store), with
 * the runtime's cache (one fetch per secret per TTL per replica) and with batching on top (AWS
 * BatchGetSecretValue returns up to 20 secrets per call; Vault has no batch read). Environments
 * whose services read mounted files are fed by ESO: one read per ExternalSecret per refresh
 * interval, whatever the replica count.
 */
export function estimate(catalog: Catalog, inputs: EstimateInputs, only?: string): StoreEstimate[] {
  const out: StoreEstimate[] = [];
  for (const env of deployedEnvironments(catalog)) {
    if (only !== undefined && env.name !== only) continue;
    for (const provider of ['aws', 'vault'] as const) {
      const perService = servicesIn(catalog, env.name).map((s) => readsIn(catalog, s, env.name, provider));
      // AWS bills every stored secret, read or not.
      const stored = placementsIn(catalog, env.name, provider).length;
      if (stored === 0) continue;
      let uncached = 0;
      let cached = 0;
      let batched = 0;
      for (const reads of perService) {
        if (env.source === 'files') {
          // ESO: one ExternalSecret per (service, secret), refreshed on its own interval.
          const rate = reads.length / (catalog.kubernetes.refreshInterval.ms / 1000);
          uncached += rate;
          cached += rate;
          batched += rate;
          continue;
        }
        uncached += inputs.replicas * reads.length * inputs.readsPerSecond;
        const byTtl = new Map<number, number>();
        for (const { secret } of reads) {
          const ttl = secret.cacheTtl?.ms ?? inputs.ttlMs;
          byTtl.set(ttl, (byTtl.get(ttl) ?? 0) + 1);
        }
        for (const [ttl, count] of byTtl) {
          cached += (inputs.replicas * count) / (ttl / 1000);
          const calls = provider === 'aws' ? Math.ceil(count / QUOTAS.batchSize) : count;
          batched += (inputs.replicas * calls) / (ttl / 1000);
        }
      }
      const scenario = (rps: number, api: 'GetSecretValue' | 'BatchGetSecretValue'): Scenario => {
        const month = rps * MONTH_SECONDS;
        if (provider === 'vault') {
          return {
            requestsPerSecond: rps,
            requestsPerMonth: month,
            monthlyCost: null,
            quotaUse: null,
            quotaApi: null,
          };
        }
        const quota = api === 'GetSecretValue' ? QUOTAS.getSecretValueRps : QUOTAS.batchGetSecretValueRps;
        return {
          requestsPerSecond: rps,
          requestsPerMonth: month,
          monthlyCost: stored * inputs.priceSecretMonth + (month / 10_000) * inputs.pricePer10kCalls,
          quotaUse: rps / quota,
          quotaApi: api,
        };
      };
      const batchApi =
        provider === 'aws' && env.source !== 'files' ? 'BatchGetSecretValue' : 'GetSecretValue';
      out.push({
        environment: env.name,
        provider,
        secrets: stored,
        reader: env.source === 'files' ? 'external-secrets' : 'runtime',
        uncached: scenario(uncached, 'GetSecretValue'),
        cached: scenario(cached, 'GetSecretValue'),
        cachedAndBatched: scenario(batched, batchApi),
      });
    }
  }
  return out;
}
