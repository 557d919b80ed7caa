import type { SecretsErrorCode } from '../types.js';

/** What the runtime reports; attributes are names and codes only. */
export interface RuntimeMetrics {
  /** One fetched secret (or failure) per call: outcome is `ok` or an error code. */
  fetched(provider: string, outcome: 'ok' | SecretsErrorCode): void;
  /** A refresh failed and the last good value keeps being served. */
  staleServe(secret: string, provider: string): void;
  refreshLatency(secret: string, provider: string, ms: number): void;
}

/** Per-secret numbers read at collection time (hits, misses, age), so the hot path only bumps a counter. */
export interface SecretGauges {
  readonly secret: string;
  readonly provider: string;
  readonly hits: number;
  readonly misses: number;
  readonly ageMs: number | undefined;
}

const NOOP: RuntimeMetrics = { fetched() {}, staleServe() {}, refreshLatency() {} };

type OtelApi = typeof import('@opentelemetry/api');

/**
 * Metrics through `@opentelemetry/api` when it is installed (an optional peer dependency), loaded
 * lazily; until it has loaded, and when it is absent, every call is a no-op. Instruments:
 * `locksmith.fetches`, `locksmith.stale_serves`, `locksmith.refresh.duration` (ms),
 * `locksmith.cache.hits`, `locksmith.cache.misses`, `locksmith.secret.age` (ms).
 */
export function createMetrics(enabled: boolean, gauges: () => Iterable<SecretGauges>): RuntimeMetrics {
  if (!enabled) return NOOP;
  let live: RuntimeMetrics = NOOP;
  const facade: RuntimeMetrics = {
    fetched: (p, o) => live.fetched(p, o),
    staleServe: (s, p) => live.staleServe(s, p),
    refreshLatency: (s, p, ms) => live.refreshLatency(s, p, ms),
  };
  import('@opentelemetry/api').then(
    (api) => {
      live = instruments(api, gauges);
    },
    () => undefined,
  );
  return facade;
}

function instruments(api: OtelApi, gauges: () => Iterable<SecretGauges>): RuntimeMetrics {
  const meter = api.metrics.getMeter('@locksmith/sdk-node');
  const fetches = meter.createCounter('locksmith.fetches', {
    description: 'Secrets fetched from a store, by outcome',
  });
  const stale = meter.createCounter('locksmith.stale_serves', {
    description: 'Refreshes that failed while the last good value kept being served',
  });
  const latency = meter.createHistogram('locksmith.refresh.duration', {
    unit: 'ms',
    description: 'Refresh latency',
  });
  const hits = meter.createObservableCounter('locksmith.cache.hits', { description: 'Warm reads' });
  const misses = meter.createObservableCounter('locksmith.cache.misses', { description: 'Cold reads' });
  const age = meter.createObservableGauge('locksmith.secret.age', {
    unit: 'ms',
    description: 'Age of the value',
  });
  meter.addBatchObservableCallback(
    (result) => {
      for (const g of gauges()) {
        const attributes = { secret: g.secret, provider: g.provider };
        result.observe(hits, g.hits, attributes);
        result.observe(misses, g.misses, attributes);
        if (g.ageMs !== undefined) result.observe(age, g.ageMs, attributes);
      }
    },
    [hits, misses, age],
  );
  return {
    fetched: (provider, outcome) => fetches.add(1, { provider, outcome }),
    staleServe: (secret, provider) => stale.add(1, { secret, provider }),
    refreshLatency: (secret, provider, ms) => latency.record(ms, { secret, provider }),
  };
}

/**
 * Resolves once the optional OpenTelemetry import has settled: from then on a client created with
 * metrics on reports to the global meter provider (tests, graceful startup).
 */
export function metricsReady(): Promise<void> {
  return import('@opentelemetry/api').then(
    () => undefined,
    () => undefined,
  );
}
