/**
 * (b) Preload of 100 secrets with 20 ms injected latency per request: requests sent and wall
 * time, against one request's latency and against Powertools fetching the 100 with Promise.all.
 * (c) 1,000 concurrent cold `get()` of one secret: requests sent (Powertools: one per caller).
 */
import { load } from '../lib/deps.mjs';
import { awsClientOptions, awsDescriptor, powertools, secretNames } from '../lib/service.mjs';
import { medianOf } from '../lib/stats.mjs';

const LATENCY_MS = 20;
const COUNT = 100;

export async function preloadAndHerd({ fake, runs }) {
  const [sdk, Parameters] = await Promise.all([
    load('@locksmith/sdk-node'),
    load('@aws-lambda-powertools/parameters/secrets'),
  ]);
  const names = secretNames(COUNT);
  for (const name of names) fake.store.set(`bench/${name}`, `value-of-${name}-0123456789`);
  const descriptor = awsDescriptor(COUNT);
  fake.faults.latency(LATENCY_MS);

  const measure = async (fn) => {
    const before = fake.requests.count();
    const start = performance.now();
    await fn();
    return { ms: performance.now() - start, requests: fake.requests.count() - before };
  };
  const median = async (fn, key) => medianOf(runs, async () => (await measure(fn))[key]);

  const oneRequest = await median(async () => {
    const client = sdk.createSecretClient(awsDescriptor(1), awsClientOptions(sdk, fake));
    await client.get('s00000');
    await client.close();
  }, 'ms');
  const preloadOnce = async () => {
    const client = sdk.createSecretClient(descriptor, awsClientOptions(sdk, fake));
    await client.preload();
    await client.close();
  };
  const preloadMs = await median(preloadOnce, 'ms');
  const preloadRequests = (await measure(preloadOnce)).requests;
  const powertoolsAll = async () => {
    const anchor = powertools(Parameters, fake);
    await Promise.all(names.map((n) => anchor.get(`bench/${n}`)));
  };
  const powertoolsMs = await median(powertoolsAll, 'ms');
  const powertoolsRequests = (await measure(powertoolsAll)).requests;

  fake.faults.latency(0);
  const herd = await measure(async () => {
    const client = sdk.createSecretClient(awsDescriptor(1), awsClientOptions(sdk, fake));
    await Promise.all(Array.from({ length: 1000 }, () => client.get('s00000')));
    await client.close();
  });
  const herdAnchor = await measure(async () => {
    const anchor = powertools(Parameters, fake);
    await Promise.all(Array.from({ length: 1000 }, () => anchor.get('bench/s00000')));
  });
  return {
    oneRequestMs: oneRequest,
    preloadMs,
    preloadRequests,
    powertoolsMs,
    powertoolsRequests,
    herdRequests: herd.requests,
    herdAnchorRequests: herdAnchor.requests,
  };
}
