/**
 * (e) Heap held by 10,000 cached 1 KiB secrets. Run as its own process with --expose-gc:
 * the fake Secrets Manager is seeded first (its copies are part of the baseline), a cold client
 * is created, then `preload()` fetches everything (500 BatchGetSecretValue calls); the figure is
 * the heap growth from the cold client to the warm one, after full collections. Prints JSON.
 */
import { load } from '../lib/deps.mjs';
import { awsClientOptions, awsDescriptor, secretNames } from '../lib/service.mjs';

const COUNT = 10_000;
const SIZE = 1024;

const heap = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};

const [sdk, testkit] = await Promise.all([load('@locksmith/sdk-node'), load('@locksmith/testkit')]);
const fake = await testkit.startFakeSecretsManager();
for (const name of secretNames(COUNT)) fake.store.set(`bench/${name}`, `${name}:`.padEnd(SIZE, 'x'));
const beforeClient = heap();
// Preload fans out all 500 batch calls at once; on a loaded machine some exceed the default
// 10 s call budget and would open the breaker. This measures memory, so give them time.
const client = sdk.createSecretClient(
  awsDescriptor(COUNT),
  awsClientOptions(sdk, fake, { timeoutMs: 300_000, breaker: { failureThreshold: 1_000_000 } }),
);
const cold = heap();
await client.preload();
fake.requests.clear();
const warm = heap();
const check = await client.get('s09999');
process.stdout.write(
  JSON.stringify({
    payloadBytes: COUNT * SIZE,
    coldClientBytes: cold - beforeClient,
    cachedBytes: warm - cold,
    checked: check.length === SIZE,
  }),
);
await client.close();
await fake.close();
