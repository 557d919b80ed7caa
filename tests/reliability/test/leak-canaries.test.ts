import { randomBytes } from 'node:crypto';
import {
  type FakeSecretsManager,
  type FakeVault,
  startFakeSecretsManager,
  startFakeVault,
  type TestSecretValue,
} from '@locksmith/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CanaryFixture, canaryFixture } from './support/canary-fixture.js';
import { EXPECTED_EXITS, runCliTour } from './support/leak-cli.js';
import { runHttpTour } from './support/leak-http.js';
import { expectedOpsExits, runOpsCliTour } from './support/leak-ops-cli.js';
import { runRuntimeTour } from './support/leak-runtime.js';
import { type Canary, encodings, FRAGMENT, LeakScanner, randomCanaryText } from './support/leak-scanner.js';

/**
 * Leak canaries: every secret of the example catalog holds a unique canary; the CLI, the runtime
 * and the example service run every path we can trigger; every captured byte is searched for
 * every canary in plain, base64, base64url, hex, URL-encoded and JSON-escaped form. Zero hits.
 */
let fixture: CanaryFixture;
let aws: FakeSecretsManager;
let vault: FakeVault;
const tag = () => randomBytes(8).toString('hex');

/**
 * Values that fail their schema, made of random text only: the scanner looks for any
 * {@link FRAGMENT} characters of them, so an error that quotes even part of a bad value is found.
 */
const invalid: Record<string, TestSecretValue> = {
  'payment-api-key': randomCanaryText(30),
  database: {
    url: randomCanaryText(24),
    username: 'u',
    password: randomCanaryText(12),
    extra: randomCanaryText(20),
  },
  'jwt-signing-key': randomCanaryText(30),
  'session-key': randomCanaryText(20),
};
const invalidCanaries = (): Canary[] =>
  Object.entries(invalid).flatMap(([secret, value]) =>
    typeof value === 'string'
      ? [{ secret, field: 'invalid', value, random: true }]
      : Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => typeof v === 'string' && v.length >= FRAGMENT)
          .map(([field, v]) => ({ secret, field, value: v as string, random: true })),
  );

beforeAll(async () => {
  fixture = await canaryFixture();
  aws = await startFakeSecretsManager();
  vault = await startFakeVault();
});
afterAll(async () => {
  await aws?.close();
  await vault?.close();
});

const expectNoHits = (scanner: LeakScanner) => {
  expect(scanner.bytes).toBeGreaterThan(1000);
  expect(scanner.scan()).toEqual([]);
};

describe('leak canaries', () => {
  it('positive control: the scanner finds a planted canary in every encoding, inside a larger blob, and in part', () => {
    const canary: Canary = { secret: 'planted', field: '', value: `planted-${tag()}/+=?&` };
    for (const [form, encoded] of Object.entries(encodings(canary.value))) {
      const scanner = new LeakScanner([canary]);
      scanner.add('noise', 'x'.repeat(2000));
      scanner.add(`log with ${form}`, `{"msg":"refresh failed","detail":"…${encoded}…"}`);
      expect(scanner.scan().map((h) => h.form)).toContain(form);
    }
    // Inside a Basic header, at every byte offset.
    for (const user of ['u', 'us', 'usr']) {
      const scanner = new LeakScanner([canary]);
      scanner.add(
        'header',
        `Authorization: Basic ${Buffer.from(`${user}:${canary.value}`).toString('base64')}`,
      );
      expect(scanner.scan(), user).not.toEqual([]);
    }
    // Part of a random canary: an error quoting its first characters.
    const random: Canary = { secret: 'planted', field: '', value: randomCanaryText(24), random: true };
    const partial = new LeakScanner([random]);
    partial.add('error', `secret "planted" is not valid JSON near "${random.value.slice(0, FRAGMENT)}"`);
    expect(partial.scan().map((h) => h.form)).toEqual(['fragment']);
    const unrelated = new LeakScanner([random]);
    unrelated.add(
      'error',
      `secret "planted" is not valid JSON near "${random.value.slice(0, FRAGMENT - 1)}"`,
    );
    expect(unrelated.scan()).toEqual([]);
    expect(fixture.canaries.length).toBeGreaterThanOrEqual(12);
    expect(new Set(fixture.canaries.map((c) => c.value)).size).toBe(fixture.canaries.length);
  });

  it('CLI: gen, check, validate and every error path print and write no value', () => {
    const scanner = new LeakScanner(fixture.canaries);
    const exits = runCliTour(fixture, scanner);
    expect(exits).toEqual(EXPECTED_EXITS);
    expectNoHits(scanner);
    // 14 CLI processes: ~15 s on a quiet 2-core machine, 50 s measured at load 30.
  }, 180_000);

  it('CLI: the value-reading commands (doctor, audit, copy, seal, import) print and write no value, also with the stores failing', async () => {
    const scanner = new LeakScanner(fixture.canaries);
    const exits = await runOpsCliTour(fixture, scanner, { aws, vault });
    expect(exits).toEqual(expectedOpsExits(fixture));
    expectNoHits(scanner);
    // 16 CLI processes against the fakes: ~15 s quiet, 50 s measured at load 30.
  }, 180_000);

  it('runtime: errors, health, inspect, JSON, logs, metrics, mask and the leak guard hold no value', async () => {
    const scanner = new LeakScanner([...fixture.canaries, ...invalidCanaries()]);
    const codes = await runRuntimeTour(fixture, scanner, { aws, vault }, invalid);
    for (const code of [
      'THROTTLED',
      'UNAVAILABLE',
      'NETWORK',
      'TIMEOUT',
      'MALFORMED_RESPONSE',
      'ACCESS_DENIED',
      'NOT_FOUND',
      'DECRYPTION_FAILED',
      'AUTH_FAILED',
      'VALIDATION_FAILED',
      'NOT_LOADED',
      'ABORTED',
      'CIRCUIT_OPEN',
      'CLOSED',
      'CONFIGURATION',
      'SecretLeakError',
    ])
      expect(codes, code).toContain(code);
    expectNoHits(scanner);
  }, 30_000);

  it('example service: HTTP answers and logs hold no value', async () => {
    const scanner = new LeakScanner(fixture.canaries);
    const statuses = await runHttpTour(fixture, scanner, { aws, vault });
    for (const status of [200, 204, 400, 401, 404]) expect(statuses).toContain(status);
    expectNoHits(scanner);
  }, 30_000);
});
