/**
 * Redaction with many and large values. Run as its own process with --expose-gc; prints JSON.
 *
 * Load: 1,000 secrets of 1 KiB (random hex) plus one of 64 KiB, through a real client (the
 * testkit's memory provider, preloaded). Figures:
 * - `mask()` of a 2 KB log line: p50/p99 of single calls (hrtime per call, 50,000 calls after
 *   warm-up), for a line without a value and for one holding a value base64-encoded. Baselines in
 *   the same run: the same line through a client holding 10 values (cost must not grow with the
 *   number of values) and one `indexOf` pass over the line (the cost of reading it at all).
 * - Rebuild after one rotation: the time the masker takes to re-index one secret whose 1 KiB
 *   value changed (median and max of 200 rotations), against the time to build the index for all
 *   1,001 values at first use.
 * - Matcher memory: heap plus array buffers held by the index for the 1,001 values (after full
 *   GCs, values allocated beforehand), against the payload (the values' UTF-16 length in bytes as
 *   V8 stores one-byte strings: one byte per character).
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from '../lib/deps.mjs';
import { awsDescriptor, secretNames } from '../lib/service.mjs';
import { quantile } from '../lib/stats.mjs';

const COUNT = 1_000;
const quick = process.argv.includes('--quick');
const CALLS = quick ? 10_000 : 50_000;

const [sdk, testkit] = await Promise.all([load('@locksmith/sdk-node'), load('@locksmith/testkit')]);
// The masker class itself, for the rebuild and memory figures (not part of the public API).
const sdkDir = dirname(
  createRequire(new URL('../../tests/reliability/package.json', import.meta.url)).resolve(
    '@locksmith/sdk-node',
  ),
);
const { Masker } = await import(pathToFileURL(join(sdkDir, 'redact/masker.js')).href);

const hex = (bytes) => randomBytes(bytes).toString('hex');
const values = [...Array.from({ length: COUNT }, () => hex(512)), hex(32 * 1024)];
const payloadBytes = values.reduce((n, v) => n + v.length, 0);

async function clientWith(vals) {
  const names = secretNames(vals.length);
  const provider = testkit.memoryProvider(Object.fromEntries(names.map((n, i) => [n, vals[i]])));
  const client = sdk.createSecretClient(awsDescriptor(vals.length), {
    environment: 'bench',
    provider,
    metrics: false,
  });
  await client.preload();
  return client;
}

const line = JSON.stringify({
  level: 30,
  time: 1_767_225_600_000,
  msg: 'request completed',
  req: { method: 'POST', url: '/api/v1/orders?expand=items', headers: { 'user-agent': 'bench/1.0' } },
  res: { statusCode: 201 },
  pad: 'x'.repeat(2048),
}).slice(0, 2047);
// A 2 KB line carrying one whole value, base64-encoded (1,368 characters) in the middle.
const encoded = Buffer.from(values[7]).toString('base64');
const withValue = `${line.slice(0, 300)}${encoded}${line.slice(300, 300 + 2047 - 300 - encoded.length)}`;

/** p50/p99 in ns of single calls of `fn(text)`. */
function perCall(fn, text) {
  for (let i = 0; i < 5_000; i++) fn(text);
  const times = new Float64Array(CALLS);
  for (let i = 0; i < CALLS; i++) {
    const start = process.hrtime.bigint();
    fn(text);
    times[i] = Number(process.hrtime.bigint() - start);
  }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

const gcHeld = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

// Memory and first build, on the masker alone.
const before = gcHeld();
const masker = new Masker();
masker.changed({ maskedValues: () => values });
const buildStart = process.hrtime.bigint();
masker.prepare();
const firstBuildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
const matcherBytes = gcHeld() - before;

// Rebuild after one rotation: one source whose 1 KiB value changes each time.
const rotating = {
  value: hex(512),
  maskedValues() {
    return [this.value];
  },
};
masker.changed(rotating);
const rebuilds = new Float64Array(200);
for (let i = 0; i < rebuilds.length; i++) {
  rotating.value = hex(512);
  const start = process.hrtime.bigint();
  masker.changed(rotating);
  rebuilds[i] = Number(process.hrtime.bigint() - start) / 1e6;
}

// mask() through real clients: 1,001 values against 10.
const big = await clientWith(values);
const small = await clientWith(values.slice(0, 10));
big.mask(''); // first use builds the index (timed above on the masker alone)
small.mask('');
const maskBig = (t) => big.mask(t);
const maskSmall = (t) => small.mask(t);
const result = {
  values: values.length,
  payloadBytes,
  patterns: masker.patternCount,
  clean: perCall(maskBig, line),
  cleanFew: perCall(maskSmall, line),
  withValue: perCall(maskBig, withValue),
  indexOf: perCall((t) => t.indexOf('\u0000'), line),
  lineLength: line.length,
  maskedWithValue: big.mask(withValue).includes('[REDACTED]'),
  rebuildMs: { median: quantile(rebuilds, 0.5), p99: quantile(rebuilds, 0.99), max: Math.max(...rebuilds) },
  withValueLength: withValue.length,
  firstBuildMs,
  matcherBytes,
};
await big.close();
await small.close();
process.stdout.write(JSON.stringify(result));
