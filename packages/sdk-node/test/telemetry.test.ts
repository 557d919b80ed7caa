import { metrics } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecretClient } from '../src/client.js';
import { metricsReady } from '../src/telemetry/metrics.js';
import { CANARY, shopDescriptor } from './helpers/descriptor.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';
import { ScriptedProvider } from './helpers/scripted-provider.js';

/** Records what the runtime reports through the OpenTelemetry API (our own in-test MeterProvider). */
function recordingMeterProvider() {
  const points: { name: string; value: number; attributes: Record<string, unknown> }[] = [];
  let batch:
    | ((result: { observe: (i: { name: string }, v: number, a: Record<string, unknown>) => void }) => void)
    | undefined;
  const instrument = (name: string) => ({
    name,
    add: (value: number, attributes: Record<string, unknown>) => points.push({ name, value, attributes }),
    record: (value: number, attributes: Record<string, unknown>) => points.push({ name, value, attributes }),
  });
  const meter = {
    createCounter: instrument,
    createHistogram: instrument,
    createObservableCounter: instrument,
    createObservableGauge: instrument,
    addBatchObservableCallback: (cb: typeof batch) => {
      batch = cb;
    },
  };
  const collect = () => {
    const observed: typeof points = [];
    batch?.({ observe: (i, value, attributes) => observed.push({ name: i.name, value, attributes }) });
    return observed;
  };
  return { provider: { getMeter: () => meter }, points, collect };
}

describe('metrics through @opentelemetry/api', () => {
  const recorder = recordingMeterProvider();
  metrics.setGlobalMeterProvider(recorder.provider as never);
  afterAll(() => metrics.disable());

  it('counts fetches by provider/outcome, stale serves, refresh latency, hits, misses and age — names and codes only', async () => {
    const clock = new FakeClock();
    const store = new ScriptedProvider('aws').set('api-token', 't1', CANARY.token);
    const client = createSecretClient<{ 'api-token': string }>(shopDescriptor(), {
      environment: 'dev',
      provider: store,
      clock,
      cacheTtlMs: 10_000,
      retry: { attempts: 1 },
    });
    await metricsReady();
    await client.get('api-token');
    await client.get('api-token');
    await client.get('api-token');
    await clock.advance(9_000); // refresh ok
    store.secretErrors.set('api-token', 'THROTTLED');
    await clock.advance(9_000); // refresh fails: stale
    const names = recorder.points.map((p) => `${p.name}:${String(p.attributes.outcome ?? '')}`);
    expect(names).toContain('locksmith.fetches:ok');
    expect(names).toContain('locksmith.fetches:THROTTLED');
    expect(names).toContain('locksmith.stale_serves:');
    expect(names).toContain('locksmith.refresh.duration:');
    const observed = recorder.collect().filter((p) => p.attributes.secret === 'api-token');
    expect(observed.find((p) => p.name === 'locksmith.cache.hits')?.value).toBe(2);
    expect(observed.find((p) => p.name === 'locksmith.cache.misses')?.value).toBe(1);
    expect(observed.find((p) => p.name === 'locksmith.secret.age')?.value).toBeGreaterThan(0);
    expect(JSON.stringify([recorder.points, observed])).not.toContain('CANARY');
    await client.close();
  });

  it('records how long each background refresh took, and nothing for the first load', async () => {
    const clock = new FakeClock();
    const store = new ScriptedProvider('aws').set('api-token', 't1', CANARY.token);
    // A store that answers 250 ms (of the fake clock) after it is asked.
    const slow: typeof store = Object.create(store);
    slow.fetch = async (requests, signal) => {
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 250));
      return store.fetch(requests, signal);
    };
    const client = createSecretClient<{ 'api-token': string }>(shopDescriptor(), {
      environment: 'dev',
      provider: slow,
      clock,
      random: seededRandom(4),
      cacheTtlMs: 10_000,
    });
    await metricsReady();
    const durations = () =>
      recorder.points.filter(
        (p) => p.name === 'locksmith.refresh.duration' && p.attributes.secret === 'api-token',
      );
    const before = durations().length;
    const load = client.get('api-token');
    await clock.advance(250);
    await load;
    expect(durations()).toHaveLength(before);
    await clock.advance(9_250); // the refresh (due at 80% ± 10% of the TTL) and its 250 ms answer
    expect(durations().slice(before)).toEqual([
      {
        name: 'locksmith.refresh.duration',
        value: 250,
        attributes: { secret: 'api-token', provider: 'aws' },
      },
    ]);
    const hits = recorder
      .collect()
      .find((p) => p.name === 'locksmith.cache.hits' && p.attributes.secret === 'api-token');
    expect(hits?.attributes).toEqual({ secret: 'api-token', provider: 'aws' });
    await client.close();
  });
});
