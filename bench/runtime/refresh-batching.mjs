/**
 * Batched refresh: a service with 100 warm secrets in one AWS store (TTL 5 min, refresh-ahead at
 * 0.7–0.9 TTL) against the testkit's fake Secrets Manager, for 20 TTLs of simulated time. These
 * are request counts, not latencies, so the clients run on a simulated clock: between timers it
 * waits for the real HTTP exchanges in flight, and a loaded machine cannot skew the figures.
 * - Requests per refresh round: a round is a wave of store calls at one simulated instant.
 *   Target ≤ ⌈100/20⌉ = 5 (BatchGetSecretValue).
 * - Requests per TTL: all calls ÷ 20. A round comes once per refresh interval (0.7–0.9 TTL).
 * - Baseline, same run: the same service whose provider takes one secret per call (a store
 *   without a batch read, and how each secret refreshed on its own timer before): 100 a round.
 * - Fleet spread: six more clients preloaded at the same instant with their own jitter; when each
 *   one's first round starts, as a share of the TTL.
 */
import { load } from '../lib/deps.mjs';
import { awsDescriptor, secretNames } from '../lib/service.mjs';
import { median } from '../lib/stats.mjs';

const TTL = 5 * 60_000;
const COUNT = 100;
const FLEET = 6;
const TTLS = 20;

/** Simulated time shared by the clients; `run` fires timers in order once no store call is in flight. */
function simulatedClock() {
  const timers = new Map();
  let now = 1_800_000_000_000;
  let seq = 0;
  let inFlight = 0;
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const idle = async () => {
    for (let stable = 0; stable < 3; stable = inFlight === 0 ? stable + 1 : 0) await settle();
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (id) => timers.delete(id),
    /** Wraps a store call so the clock knows it is in flight. */
    async track(call) {
      inFlight++;
      try {
        return await call();
      } finally {
        inFlight--;
      }
    },
    async run(ms) {
      const end = now + ms;
      for (;;) {
        await idle();
        let next;
        for (const [id, t] of timers) if (t.at <= end && (!next || t.at < next[1].at)) next = [id, t];
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
      await idle();
    },
  };
}

/** A client on `clock` whose every store call's simulated start time is recorded. */
function countedClient(sdk, fake, clock, { oneAtATime = false } = {}) {
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
      calls.push(clock.now());
      return clock.track(() => aws.fetch(requests, signal));
    },
    close: () => aws.close(),
  };
  const client = sdk.createSecretClient(awsDescriptor(COUNT), {
    environment: 'bench',
    provider,
    clock,
    cacheTtlMs: TTL,
    metrics: false,
  });
  return {
    client,
    calls,
    async close() {
      await client.close();
      await provider.close();
    },
  };
}

/** Calls per simulated instant: one entry per round. */
function rounds(times) {
  const byInstant = new Map();
  for (const t of times) byInstant.set(t, (byInstant.get(t) ?? 0) + 1);
  return [...byInstant.values()];
}

export async function refreshBatching({ fake }) {
  const sdk = await load('@locksmith/sdk-node');
  for (const name of secretNames(COUNT)) fake.store.set(`bench/${name}`, `value-of-${name}-0123456789`);
  const clock = simulatedClock();
  const batched = countedClient(sdk, fake, clock);
  const single = countedClient(sdk, fake, clock, { oneAtATime: true });
  const fleet = Array.from({ length: FLEET }, () => countedClient(sdk, fake, clock));
  const all = [batched, single, ...fleet];
  await Promise.all(all.map((c) => c.client.preload()));
  const loadedAt = clock.now();
  for (const c of all) c.calls.length = 0;
  await clock.run(TTLS * TTL);
  const batchedRounds = rounds(batched.calls);
  const singleRounds = rounds(single.calls);
  const firstRound = fleet.map((c) => (c.calls[0] - loadedAt) / TTL).sort((a, b) => a - b);
  await Promise.all(all.map((c) => c.close()));
  return {
    secrets: COUNT,
    ttlMs: TTL,
    ttls: TTLS,
    perRound: median(batchedRounds),
    perRoundMax: Math.max(...batchedRounds),
    rounds: batchedRounds.length,
    perTtl: batched.calls.length / TTLS,
    baselinePerRound: median(singleRounds),
    baselinePerTtl: single.calls.length / TTLS,
    fleetFirstRound: firstRound,
  };
}
