/**
 * Batched refresh: a service with 100 warm secrets in one AWS store, TTL 1 s (refresh-ahead at
 * 0.7–0.9 s), run for `seconds` of real time against the testkit's fake Secrets Manager.
 * - Requests per refresh round: a round is a wave of store calls; a gap of more than 0.3 TTL
 *   starts the next one (rounds come every 0.7–0.9 TTL). Target ≤ ⌈100/20⌉ = 5 (BatchGetSecretValue).
 * - Requests per TTL window: all calls in the measured window ÷ (window ÷ TTL). A round comes once
 *   per refresh interval (0.7–0.9 TTL), so this is about 1.25 × the per-round figure.
 * - Baseline, same run and window: the same service whose provider takes one secret per call
 *   (a store without a batch read, which is also how each secret refreshed on its own timer
 *   before): 100 requests per round.
 * - Fleet spread: six more clients preloaded together; when each one's first round starts after
 *   its preload ended, as a share of the TTL (jitter must still spread a fleet started in step).
 */
import { load } from '../lib/deps.mjs';
import { awsDescriptor, secretNames } from '../lib/service.mjs';
import { median } from '../lib/stats.mjs';

const TTL = 1_000;
const COUNT = 100;
const FLEET = 6;

/** A client over the fake whose every store call's start time is recorded. */
function countedClient(sdk, fake, { oneAtATime = false } = {}) {
  const aws = sdk.createAwsProvider({
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: fake.credentials,
  });
  const calls = [];
  const provider = {
    name: 'aws',
    maxBatchSize: oneAtATime ? 1 : aws.maxBatchSize,
    fetch(requests, signal) {
      calls.push(performance.now());
      return aws.fetch(requests, signal);
    },
    close: () => aws.close(),
  };
  const client = sdk.createSecretClient(awsDescriptor(COUNT), {
    environment: 'bench',
    provider,
    cacheTtlMs: TTL,
    metrics: false,
  });
  return {
    client,
    calls,
    loadedAt: 0,
    async close() {
      await client.close();
      await provider.close();
    },
  };
}

/** Groups call times into rounds: a gap of more than 0.3 TTL starts a new one. */
function rounds(times) {
  const out = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t - previous > 0.3 * TTL) out.push({ start: t, calls: 0 });
    out.at(-1).calls++;
    previous = t;
  }
  return out;
}

export async function refreshBatching({ fake, quick }) {
  const sdk = await load('@locksmith/sdk-node');
  const seconds = quick ? 5 : 12;
  for (const name of secretNames(COUNT)) fake.store.set(`bench/${name}`, `value-of-${name}-0123456789`);
  const batched = countedClient(sdk, fake);
  const single = countedClient(sdk, fake, { oneAtATime: true });
  const fleet = Array.from({ length: FLEET }, () => countedClient(sdk, fake));
  await Promise.all(
    [batched, single, ...fleet].map(async (c) => {
      await c.client.preload();
      c.loadedAt = performance.now();
    }),
  );
  const from = performance.now();
  for (const c of [batched, single]) c.calls.length = 0;
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const to = performance.now();
  const perTtl = (calls) => calls.length / ((to - from) / TTL);
  const batchedRounds = rounds(batched.calls);
  const singleRounds = rounds(single.calls);
  const firstRound = fleet
    .map((c) => ((c.calls.find((t) => t > c.loadedAt) ?? Number.NaN) - c.loadedAt) / TTL)
    .sort((a, b) => a - b);
  await Promise.all([batched, single, ...fleet].map((c) => c.close()));
  return {
    secrets: COUNT,
    ttlMs: TTL,
    windowMs: to - from,
    perRound: median(batchedRounds.map((r) => r.calls)),
    perRoundMax: Math.max(...batchedRounds.map((r) => r.calls)),
    rounds: batchedRounds.length,
    baselineRounds: singleRounds.length,
    perTtl: perTtl(batched.calls),
    baselinePerRound: median(singleRounds.map((r) => r.calls)),
    baselinePerTtl: perTtl(single.calls),
    fleetFirstRound: firstRound,
  };
}
