/**
 * (d) p99 of `get()` while background refreshes run, against the warm p99 with no refresh.
 * A sample is the time of 100 awaited `get()` calls (so the timer cost is amortised); between
 * samples the loop yields to the event loop so refresh I/O runs concurrently with the readers.
 * Refresh mode: TTL 25 ms (refresh-ahead every ~20 ms) and 15 ms store latency, so a refresh
 * is in flight most of the time.
 */
import { load } from '../lib/deps.mjs';
import { awsClientOptions, awsDescriptor } from '../lib/service.mjs';
import { quantile, yieldToLoop } from '../lib/stats.mjs';

const PER_SAMPLE = 100;

async function sampleP99(handle, samples) {
  const times = new Float64Array(samples);
  let sink = 0;
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_SAMPLE; i++) sink += (await handle.get()).length;
    times[s] = Number(process.hrtime.bigint() - start) / PER_SAMPLE;
    if (s % 10 === 0) await yieldToLoop();
  }
  if (sink === 42) process.stdout.write('');
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

export async function refreshP99({ fake, quick }) {
  const sdk = await load('@locksmith/sdk-node');
  const samples = quick ? 20_000 : 60_000;
  fake.store.set('bench/s00000', 'refresh-value-0123456789');

  const warm = sdk.createSecretClient(
    awsDescriptor(1),
    awsClientOptions(sdk, fake, { cacheTtlMs: 3_600_000 }),
  );
  await warm.preload();
  await sampleP99(warm.secret('s00000'), 2_000); // JIT warm-up
  const warmStats = await sampleP99(warm.secret('s00000'), samples);
  await warm.close();

  fake.faults.latency(15);
  const busy = sdk.createSecretClient(awsDescriptor(1), awsClientOptions(sdk, fake, { cacheTtlMs: 25 }));
  await busy.preload();
  await sampleP99(busy.secret('s00000'), 2_000);
  const before = fake.requests.count();
  const started = performance.now();
  const busyStats = await sampleP99(busy.secret('s00000'), samples);
  const sampledMs = performance.now() - started;
  const refreshes = fake.requests.count() - before;
  await busy.close();
  fake.faults.latency(0);
  return { warm: warmStats, refreshing: busyStats, refreshes, sampledMs, storeLatencyMs: 15 };
}
