/**
 * (a) Warm access: Locksmith's `current()`, `handle.get()` and `client.get(name)` against their
 * floors (a bare property read; awaiting an already-resolved promise) and the anchor, Powertools
 * `getSecret` with a warm cache, all on one warm secret of the fake Secrets Manager.
 * Each tinybench task runs a batch of BATCH operations so the timer cost is amortised; the
 * figure is the median batch time divided by BATCH, in ns per operation.
 */
import { load } from '../lib/deps.mjs';
import { awsClientOptions, awsDescriptor, powertools } from '../lib/service.mjs';

const BATCH = 1000;

export async function warmAccess({ fake, quick }) {
  const [sdk, { Bench }, Parameters] = await Promise.all([
    load('@locksmith/sdk-node'),
    load('tinybench'),
    load('@aws-lambda-powertools/parameters/secrets'),
  ]);
  fake.store.set('bench/s00000', 'warm-value-0123456789abcdef');
  const client = sdk.createSecretClient(awsDescriptor(1), awsClientOptions(sdk, fake));
  const handle = client.secret('s00000');
  await client.preload();
  const anchor = powertools(Parameters, fake);
  await anchor.get('bench/s00000', { maxAge: 3600 });

  const holder = { value: 'warm-value-0123456789abcdef' };
  const resolved = Promise.resolve(holder.value);
  let sink = 0;
  const bench = new Bench({ time: quick ? 300 : 1000, warmupTime: 200 });
  bench
    .add('bare property read', () => {
      for (let i = 0; i < BATCH; i++) sink += holder.value.length;
    })
    .add('current()', () => {
      for (let i = 0; i < BATCH; i++) sink += handle.current().length;
    })
    .add('await resolved promise', async () => {
      for (let i = 0; i < BATCH; i++) sink += (await resolved).length;
    })
    .add('handle.get()', async () => {
      for (let i = 0; i < BATCH; i++) sink += (await handle.get()).length;
    })
    .add('client.get(name)', async () => {
      for (let i = 0; i < BATCH; i++) sink += (await client.get('s00000')).length;
    })
    .add('Powertools getSecret (warm)', async () => {
      for (let i = 0; i < BATCH; i++) sink += (await anchor.get('bench/s00000', { maxAge: 3600 })).length;
    });
  await bench.run();
  await client.close();
  if (sink === 42) process.stdout.write(''); // keeps the loops from being optimised away
  const nsPerOp = {};
  for (const task of bench.tasks) nsPerOp[task.name] = (task.result.latency.p50 * 1e6) / BATCH;
  return nsPerOp;
}
